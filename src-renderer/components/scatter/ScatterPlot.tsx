import { memo, useMemo, useRef } from 'react';
import type { PixelSample } from '../../../src-main/api/contract';
import type { Rgb } from '../../app/colour';
import { formatCount } from '../../app/format';
import { useElementSize } from '../../app/useElementSize';
import type { ChartTheme } from '../charts/chart-theme';
import { useChart } from '../charts/useChart';

export type Channel = 0 | 1 | 2;
export const CHANNEL_NAMES = ['Red', 'Green', 'Blue'] as const;

interface ScatterPlotProps {
  sample: PixelSample;
  /** One CSS colour per sampled pixel (shared by a row's three plots). */
  pointColours: string[];
  centres: readonly Rgb[] | null;
  x: Channel;
  y: Channel;
  /** Axis maximum: 255 for 8-bit values, 1 for fractions. */
  max: 1 | 255;
  /** "the input", "16 colours": completes the plot's accessible name. */
  subject: string;
  theme: ChartTheme;
  onDrawn?(milliseconds: number): void;
}

/** One pair of channels: every sampled pixel in its own colour, palette centres outlined. */
export const ScatterPlot = memo(function ScatterPlot(props: ScatterPlotProps) {
  const { sample, pointColours, centres, x, y, max, subject, theme, onDrawn } = props;
  const cell = useRef<HTMLDivElement>(null);
  const { width, height } = useElementSize(cell);
  const side = Math.max(0, Math.floor(Math.min(width, height)));

  const points = useMemo(() => {
    const scale = max / 255;
    const count = sample.values.length / sample.channels;
    const result = new Array<{ x: number; y: number }>(count);
    for (let i = 0; i < count; i++) {
      const at = i * sample.channels;
      result[i] = { x: sample.values[at + x]! * scale, y: sample.values[at + y]! * scale };
    }
    return result;
  }, [sample, x, y, max]);

  const centreRadius =
    centres && centres.length > 256 ? 3 : centres && centres.length > 64 ? 4.5 : 6;
  const pair = `${CHANNEL_NAMES[x]}–${CHANNEL_NAMES[y]}`;
  const axis = (channel: Channel) => ({
    type: 'linear' as const,
    min: 0,
    max,
    title: { display: true, text: CHANNEL_NAMES[channel], color: theme.muted },
    grid: { color: theme.grid },
    border: { color: theme.grid },
    ticks: { color: theme.muted, maxTicksLimit: 6 },
  });

  const canvas = useChart(
    () => ({
      type: 'scatter',
      data: {
        datasets: [
          {
            label: 'Pixels',
            data: points,
            pointBackgroundColor: pointColours,
            pointBorderWidth: 0,
            pointRadius: 1.5,
          },
          ...(centres
            ? [
                {
                  label: 'Palette centres',
                  data: centres.map((rgb) => ({
                    x: (rgb[x] * max) / 255,
                    y: (rgb[y] * max) / 255,
                  })),
                  pointBackgroundColor: centres.map(([r, g, b]) => `rgb(${r},${g},${b})`),
                  pointBorderColor: theme.text,
                  pointBorderWidth: 1.5,
                  pointRadius: centreRadius,
                },
              ]
            : []),
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        normalized: true,
        // No hover: hit-testing 10,000 points on every mouse move would make the page sluggish.
        events: [],
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: axis(x), y: axis(y) },
      },
    }),
    [points, pointColours, centres, max, theme, side > 0],
    (chart, milliseconds) => {
      chart.canvas.dataset.points = String(points.length);
      chart.canvas.dataset.centres = String(centres?.length ?? 0);
      chart.canvas.dataset.drawMs = milliseconds.toFixed(1);
      onDrawn?.(milliseconds);
    },
  );

  const centresText = centres ? ` and ${formatCount(centres.length)} palette centres` : '';
  return (
    <div className="scatter-cell" ref={cell}>
      <div className="scatter-frame" style={{ width: side, height: side }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${pair} scatter plot of ${subject}: ${formatCount(points.length)} pixels${centresText}`}
        />
      </div>
    </div>
  );
});
