import type { ImageInfo, JobId } from '../../../src-main/api/contract';
import type { Series } from '../../app/explorer-state';
import {
  formatCount,
  formatDuration,
  formatMse,
  formatPercent,
  formatPsnr,
  formatShortBytes,
} from '../../app/format';

interface ResultsTableProps {
  series: Series;
  image: ImageInfo;
  losslessBytes: number | null;
  selected: JobId | null;
  onSelect(jobId: JobId): void;
}

/** The charts' numbers as a table: exact values, and a keyboard way to select a result. */
export function ResultsTable({
  series,
  image,
  losslessBytes,
  selected,
  onSelect,
}: ResultsTableProps) {
  return (
    <section className="chart-card results-table-card">
      <h3 className="card-title">Results · {series.label}</h3>
      <div className="table-scroll">
        <table className="results-table">
          <thead>
            <tr>
              <th scope="col">Colours</th>
              <th scope="col">PNG</th>
              <th scope="col" title="PNG size as a share of the original file">
                of original
              </th>
              <th scope="col" title="PNG size as a share of the original as a lossless PNG">
                of lossless
              </th>
              <th scope="col">MSE</th>
              <th scope="col">PSNR</th>
              <th scope="col" title="k-means iterations">
                Iter.
              </th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {series.results.map(({ result }) => (
              <tr
                key={result.jobId}
                className={result.jobId === selected ? 'selected' : undefined}
                aria-current={result.jobId === selected ? 'true' : undefined}
                onClick={() => onSelect(result.jobId)}
              >
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    aria-label={`Select ${result.colours} colours`}
                    onClick={(event) => {
                      event.stopPropagation();
                      onSelect(result.jobId);
                    }}
                  >
                    {formatCount(result.colours)}
                    {result.paletteSize < result.colours ? ` (${result.paletteSize})` : ''}
                  </button>
                </th>
                <td title={`${formatCount(result.pngBytes)} bytes`}>
                  {formatShortBytes(result.pngBytes)}
                </td>
                <td>{formatPercent(result.pngBytes, image.fileBytes)}</td>
                <td>{losslessBytes ? formatPercent(result.pngBytes, losslessBytes) : '…'}</td>
                <td>{formatMse(result.mse)}</td>
                <td>{formatPsnr(result.psnr)}</td>
                <td>
                  {result.iterations}
                  {result.converged ? '' : '*'}
                </td>
                <td>{formatDuration(result.milliseconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
