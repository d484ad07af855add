import { useMemo } from 'react';
import type { ImageInfo, JobId } from '../../../src-main/api/contract';
import type { Series } from '../../app/explorer-state';
import { seriesColour, useChartTheme } from './chart-theme';
import { ErrorChart } from './ErrorChart';
import { RateDistortionChart } from './RateDistortionChart';
import type { PlottedSeries } from './result-chart-kit';
import { ResultsTable } from './ResultsTable';
import { SizeChart } from './SizeChart';

interface ChartsViewProps {
  image: ImageInfo;
  series: Series[];
  viewed: Series | undefined;
  selected: JobId | null;
  losslessBytes: number | null;
  onSelect(jobId: JobId): void;
}

/** Size, error and rate–distortion against colour count, every series in its own colour. */
export function ChartsView({
  image,
  series,
  viewed,
  selected,
  losslessBytes,
  onSelect,
}: ChartsViewProps) {
  const theme = useChartTheme();
  const plotted = useMemo<PlottedSeries[]>(
    () => series.map((one, index) => ({ ...one, colour: seriesColour(theme, index) })),
    [series, theme],
  );
  if (!viewed) {
    return (
      <div className="view-empty">
        <p>
          The charts plot every result: run <strong>Sweep 2–1024</strong> to draw PNG size, error
          and rate–distortion against the colour count.
        </p>
      </div>
    );
  }
  return (
    <div className="charts-grid">
      <SizeChart
        series={plotted}
        selected={selected}
        image={image}
        losslessBytes={losslessBytes}
        theme={theme}
        onSelect={onSelect}
      />
      <ErrorChart series={plotted} selected={selected} theme={theme} onSelect={onSelect} />
      <RateDistortionChart series={plotted} selected={selected} theme={theme} onSelect={onSelect} />
      <ResultsTable
        series={viewed}
        image={image}
        losslessBytes={losslessBytes}
        selected={selected}
        onSelect={onSelect}
      />
    </div>
  );
}
