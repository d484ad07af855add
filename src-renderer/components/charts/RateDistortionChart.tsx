import type { JobId } from '../../../src-main/api/contract';
import { formatBytes, formatColours, formatShortBytes } from '../../app/format';
import { ChartCard } from './ChartCard';
import type { ChartTheme } from './chart-theme';
import {
  byteStep,
  exposePlottedPoints,
  linearAxis,
  resultChartOptions,
  resultDataset,
  type PlottedSeries,
  type PlotPoint,
} from './result-chart-kit';
import { useChart } from './useChart';

interface RateDistortionChartProps {
  series: PlottedSeries[];
  selected: JobId | null;
  theme: ChartTheme;
  onSelect(jobId: JobId): void;
}

/** Bytes against PSNR: what each decibel of quality costs. Lossless results have no PSNR. */
export function RateDistortionChart({
  series,
  selected,
  theme,
  onSelect,
}: RateDistortionChartProps) {
  const describe = (point: PlotPoint) =>
    `${formatColours(point.colours ?? 0)}: ${formatBytes(point.y)} at ${point.x.toFixed(2)} dB`;
  const canvas = useChart(
    () => ({
      type: 'scatter',
      data: {
        datasets: series.map((one) =>
          resultDataset(
            one,
            series.length > 1 ? one.label : 'PNG size at each PSNR',
            selected,
            theme,
            ({ result }) => (result.psnr === null ? null : { x: result.psnr, y: result.pngBytes }),
          ),
        ),
      },
      options: {
        ...resultChartOptions(theme, onSelect, describe, series.length > 1),
        scales: {
          x: linearAxis(theme, 'PSNR (dB)', (value) => `${value}`),
          y: linearAxis(
            theme,
            'PNG size',
            formatShortBytes,
            { beginAtZero: true },
            byteStep(
              Math.max(
                1,
                ...series.flatMap((one) => one.results.map(({ result }) => result.pngBytes)),
              ),
            ),
          ),
        },
      },
      plugins: [exposePlottedPoints],
    }),
    [series, selected, theme, onSelect],
  );
  const count = series.reduce(
    (sum, one) => sum + one.results.filter(({ result }) => result.psnr !== null).length,
    0,
  );
  return (
    <ChartCard
      title="Rate–distortion"
      label={`PNG size against PSNR: ${count} results`}
      canvasRef={canvas}
      note="Lower is smaller, further right is closer to the original."
    />
  );
}
