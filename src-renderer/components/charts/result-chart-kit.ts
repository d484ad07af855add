/**
 * What the three result charts share: one point per result carrying its job id (so that a click
 * selects it), the selected point drawn larger, the colour-count axis on a log scale with ticks at
 * the sweep's counts, and a plugin that writes the plotted state onto the canvas as data
 * attributes (data-points, data-positions) for tests and tools, without reaching into chart.js.
 */
import type { ChartDataset, ChartOptions, Plugin } from 'chart.js';
import type { JobId } from '../../../src-main/api/contract';
import type { StoredResult } from '../../app/explorer-state';
import { SWEEP_COLOURS } from '../../app/colour-count';
import type { ChartTheme } from './chart-theme';

export interface PlotPoint {
  x: number;
  y: number;
  /** Absent on reference lines, which cannot be selected. */
  jobId?: JobId;
  colours?: number;
}

export interface PlottedSeries {
  key: string;
  label: string;
  colour: string;
  results: StoredResult[];
}

export type ScatterDataset = ChartDataset<'scatter', PlotPoint[]>;
/** One axis of a scatter chart's options (chart.js fills in the rest). */
export type AxisOptions = NonNullable<ChartOptions<'scatter'>['scales']>[string];

/** A series' results as a line of selectable points. */
export function resultDataset(
  series: PlottedSeries,
  label: string,
  selected: JobId | null,
  theme: ChartTheme,
  point: (stored: StoredResult) => { x: number; y: number } | null,
  extra: Partial<ScatterDataset> = {},
): ScatterDataset {
  const data: PlotPoint[] = [];
  for (const stored of series.results) {
    const at = point(stored);
    if (at) data.push({ ...at, jobId: stored.result.jobId, colours: stored.result.colours });
  }
  const isSelected = (context: { raw: unknown }) =>
    (context.raw as PlotPoint | undefined)?.jobId === selected;
  return {
    label,
    data,
    showLine: true,
    borderColor: series.colour,
    backgroundColor: series.colour,
    borderWidth: 2,
    pointRadius: (context) => (isSelected(context) ? 7 : 3.5),
    pointHoverRadius: 8,
    pointBorderWidth: (context) => (isSelected(context) ? 3 : 1),
    pointBorderColor: (context) => (isSelected(context) ? theme.text : series.colour),
    ...extra,
  };
}

/** A horizontal dashed line across the colour axis, labelled in the legend. */
export function referenceLine(label: string, y: number, colour: string): ScatterDataset {
  return {
    label,
    data: [
      { x: COLOUR_AXIS_MIN, y },
      { x: COLOUR_AXIS_MAX, y },
    ],
    showLine: true,
    borderColor: colour,
    backgroundColor: colour,
    borderDash: [6, 4],
    borderWidth: 1.5,
    pointRadius: 0,
    pointHoverRadius: 0,
    pointHitRadius: 4,
  };
}

// A little room either side, so that the points at 2 and 1024 are drawn whole.
const COLOUR_AXIS_MIN = 1.8;
const COLOUR_AXIS_MAX = 1150;

export function colourAxis(theme: ChartTheme): AxisOptions {
  return {
    type: 'logarithmic',
    min: COLOUR_AXIS_MIN,
    max: COLOUR_AXIS_MAX,
    title: { display: true, text: 'Colours (log scale)', color: theme.muted },
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ticks: { color: theme.muted, callback: (value) => String(value), autoSkip: false },
    afterBuildTicks: (axis) => {
      axis.ticks = SWEEP_COLOURS.map((value) => ({ value }));
    },
  };
}

/**
 * A tick step for a byte axis that lands on round sizes (1, 2 or 5 × a power of ten, in KiB or
 * bytes) with at most `ticks` steps up to `maxBytes`.
 */
export function byteStep(maxBytes: number, ticks = 6): number {
  const unit = maxBytes >= 4 * 1024 ? 1024 : 1;
  const raw = maxBytes / unit / ticks;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const nice = [1, 2, 5, 10].find((multiple) => multiple * power >= raw)! * power;
  return Math.max(1, nice) * unit;
}

export function linearAxis(
  theme: ChartTheme,
  title: string,
  format: (value: number) => string,
  extra: Record<string, unknown> = {},
  stepSize?: number,
): AxisOptions {
  return {
    type: 'linear',
    title: { display: true, text: title, color: theme.muted },
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ticks: { color: theme.muted, callback: (value) => format(Number(value)), stepSize },
    ...extra,
  } as AxisOptions;
}

/** Options every result chart shares: no animation, hover tooltips, click to select. */
export function resultChartOptions(
  theme: ChartTheme,
  onSelect: (jobId: JobId) => void,
  describe: (point: PlotPoint, datasetLabel: string) => string,
  showLegend: boolean,
): ChartOptions<'scatter'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: 'nearest', intersect: true },
    plugins: {
      legend: {
        display: showLegend,
        position: 'bottom',
        labels: { color: theme.text, boxWidth: 14, boxHeight: 2, padding: 8 },
      },
      tooltip: {
        callbacks: {
          title: () => '',
          label: (context) => describe(context.raw as PlotPoint, context.dataset.label ?? ''),
        },
      },
    },
    onClick: (_event, elements, chart) => {
      for (const element of elements) {
        const point = chart.data.datasets[element.datasetIndex]?.data[element.index] as
          PlotPoint | undefined;
        if (point?.jobId) return onSelect(point.jobId);
      }
    },
    onHover: (event, elements, chart) => {
      const selectable = elements.some(
        (element) =>
          (chart.data.datasets[element.datasetIndex]?.data[element.index] as PlotPoint | undefined)
            ?.jobId,
      );
      const target = event.native?.target;
      if (target instanceof HTMLElement) target.style.cursor = selectable ? 'pointer' : 'default';
    },
  };
}

/**
 * Writes what was drawn onto the canvas: data-points (results plotted), data-positions (each
 * result's first point in CSS pixels, as JSON) and data-series (the legend's labels), after every
 * render including resizes.
 */
export const exposePlottedPoints: Plugin<'scatter'> = {
  id: 'palettizeExposePoints',
  afterRender(chart) {
    const seen = new Set<JobId>();
    const positions: { colours: number; x: number; y: number }[] = [];
    chart.data.datasets.forEach((dataset, index) => {
      const meta = chart.getDatasetMeta(index);
      if (!chart.isDatasetVisible(index)) return;
      dataset.data.forEach((raw, i) => {
        const point = raw as PlotPoint;
        const element = meta.data[i];
        if (!point.jobId || seen.has(point.jobId) || !element) return;
        seen.add(point.jobId);
        positions.push({
          colours: point.colours ?? 0,
          x: Math.round(element.x),
          y: Math.round(element.y),
        });
      });
    });
    chart.canvas.dataset.points = String(seen.size);
    chart.canvas.dataset.positions = JSON.stringify(positions);
    chart.canvas.dataset.series = JSON.stringify(chart.data.datasets.map((set) => set.label));
  },
};
