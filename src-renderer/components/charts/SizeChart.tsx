import type { ImageInfo, JobId } from '../../../src-main/api/contract';
import { formatBytes, formatColours, formatRatio, formatShortBytes } from '../../app/format';
import { ChartCard } from './ChartCard';
import type { ChartTheme } from './chart-theme';
import {
  byteStep,
  colourAxis,
  exposePlottedPoints,
  linearAxis,
  referenceLine,
  resultChartOptions,
  resultDataset,
  type PlottedSeries,
  type PlotPoint,
} from './result-chart-kit';
import { useChart } from './useChart';

interface SizeChartProps {
  series: PlottedSeries[];
  selected: JobId | null;
  image: ImageInfo;
  losslessBytes: number | null;
  theme: ChartTheme;
  onSelect(jobId: JobId): void;
}

/** PNG size against colour count, with the original file and the lossless PNG for reference. */
export function SizeChart({
  series,
  selected,
  image,
  losslessBytes,
  theme,
  onSelect,
}: SizeChartProps) {
  const describe = (point: PlotPoint, label: string) =>
    point.jobId
      ? `${formatColours(point.colours ?? 0)}: ${formatBytes(point.y)}, ${formatRatio(point.y, image.fileBytes)}`
      : `${label}: ${formatBytes(point.y)}`;
  const canvas = useChart(
    () => ({
      type: 'scatter',
      data: {
        datasets: [
          ...series.map((one) =>
            resultDataset(
              one,
              series.length > 1 ? one.label : 'PNG size',
              selected,
              theme,
              ({ result }) => ({ x: result.colours, y: result.pngBytes }),
            ),
          ),
          referenceLine(
            `Original ${image.format.toUpperCase()} (${formatShortBytes(image.fileBytes)})`,
            image.fileBytes,
            theme.original,
          ),
          ...(losslessBytes === null
            ? []
            : [
                referenceLine(
                  `Lossless PNG (${formatShortBytes(losslessBytes)})`,
                  losslessBytes,
                  theme.lossless,
                ),
              ]),
        ],
      },
      options: {
        ...resultChartOptions(theme, onSelect, describe, true),
        scales: {
          x: colourAxis(theme),
          y: linearAxis(
            theme,
            'PNG size',
            formatShortBytes,
            { beginAtZero: true },
            byteStep(
              Math.max(
                image.fileBytes,
                losslessBytes ?? 0,
                ...series.flatMap((one) => one.results.map(({ result }) => result.pngBytes)),
              ),
            ),
          ),
        },
      },
      plugins: [exposePlottedPoints],
    }),
    [series, selected, image, losslessBytes, theme, onSelect],
  );
  const count = series.reduce((sum, one) => sum + one.results.length, 0);
  return (
    <ChartCard
      title="PNG size"
      label={`PNG size against colour count: ${count} results, with the original file and lossless PNG sizes`}
      canvasRef={canvas}
    />
  );
}
