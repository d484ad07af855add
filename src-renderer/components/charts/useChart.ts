/**
 * A chart.js chart on a canvas, rebuilt whenever its inputs change (cheap for the small result
 * charts; the scatter plots change only with their sample). Reports how long drawing took.
 */
import { useEffect, useRef, type DependencyList, type RefObject } from 'react';
import type { ChartConfiguration } from 'chart.js';
import { Chart } from './chart-setup';

export function useChart(
  build: () => ChartConfiguration<'scatter'> | null,
  deps: DependencyList,
  onDrawn?: (chart: Chart<'scatter'>, milliseconds: number) => void,
): RefObject<HTMLCanvasElement | null> {
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef({ build, onDrawn });
  latest.current = { build, onDrawn };

  useEffect(() => {
    const config = latest.current.build();
    if (!canvas.current || !config) return;
    const started = performance.now();
    const chart = new Chart(canvas.current, config);
    latest.current.onDrawn?.(chart, performance.now() - started);
    return () => chart.destroy();
    // The caller lists what the chart depends on.
  }, deps);

  return canvas;
}
