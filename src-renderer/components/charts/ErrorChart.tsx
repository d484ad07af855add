import type { JobId } from '../../../src-main/api/contract';
import { formatColours, formatMse } from '../../app/format';
import { ChartCard } from './ChartCard';
import type { ChartTheme } from './chart-theme';
import {
  colourAxis,
  exposePlottedPoints,
  linearAxis,
  resultChartOptions,
  resultDataset,
  type PlottedSeries,
  type PlotPoint,
} from './result-chart-kit';
import { useChart } from './useChart';

interface ErrorChartProps {
  series: PlottedSeries[];
  selected: JobId | null;
  theme: ChartTheme;
  onSelect(jobId: JobId): void;
}

/** MSE (left axis) and PSNR (right axis) against colour count: where the elbow is. */
export function ErrorChart({ series, selected, theme, onSelect }: ErrorChartProps) {
  const describe = (point: PlotPoint, label: string) =>
    label.startsWith('PSNR')
      ? `${formatColours(point.colours ?? 0)}: PSNR ${point.y.toFixed(2)} dB`
      : `${formatColours(point.colours ?? 0)}: MSE ${formatMse(point.y)}`;
  const suffix = (one: PlottedSeries) => (series.length > 1 ? ` · ${one.label}` : '');
  const canvas = useChart(
    () => ({
      type: 'scatter',
      data: {
        datasets: [
          ...series.map((one) =>
            resultDataset(one, `MSE${suffix(one)}`, selected, theme, ({ result }) => ({
              x: result.colours,
              y: result.mse,
            })),
          ),
          ...series.map((one) =>
            resultDataset(
              one,
              `PSNR${suffix(one)}`,
              selected,
              theme,
              ({ result }) => (result.psnr === null ? null : { x: result.colours, y: result.psnr }),
              { yAxisID: 'psnr', borderDash: [5, 4], pointStyle: 'rectRot' },
            ),
          ),
        ],
      },
      options: {
        ...resultChartOptions(theme, onSelect, describe, true),
        scales: {
          x: colourAxis(theme),
          y: linearAxis(theme, 'MSE (0–255 scale)', (value) => String(value), {
            beginAtZero: true,
          }),
          psnr: linearAxis(theme, 'PSNR (dB)', (value) => `${value}`, {
            axis: 'y',
            position: 'right',
            grid: { drawOnChartArea: false, color: theme.grid },
          }),
        },
      },
      plugins: [exposePlottedPoints],
    }),
    [series, selected, theme, onSelect],
  );
  const count = series.reduce((sum, one) => sum + one.results.length, 0);
  return (
    <ChartCard
      title="Error: MSE and PSNR"
      label={`MSE and PSNR against colour count: ${count} results`}
      canvasRef={canvas}
      note="Solid: MSE (lower is better). Dashed: PSNR (higher is better)."
    />
  );
}
