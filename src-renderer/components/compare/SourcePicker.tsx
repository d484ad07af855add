import type { PaneSide, PaneSource, Series } from '../../app/explorer-state';
import { formatColours, formatPsnr, formatShortBytes } from '../../app/format';

interface SourcePickerProps {
  side: PaneSide;
  value: PaneSource;
  series: Series[];
  onChange(source: PaneSource): void;
}

/** Chooses what a pane shows: the original or any result, grouped by series. */
export function SourcePicker({ side, value, series, onChange }: SourcePickerProps) {
  const name = side === 'left' ? 'Left pane shows' : 'Right pane shows';
  return (
    <select
      className="source-picker"
      aria-label={name}
      title={name}
      value={value ?? ''}
      onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
    >
      {value === null && (
        <option value="" disabled>
          No result yet
        </option>
      )}
      <option value="original">Original</option>
      {series.map((one) => (
        <optgroup key={one.key} label={series.length > 1 ? one.label : 'Results'}>
          {one.results.map(({ result }) => (
            <option key={result.jobId} value={result.jobId}>
              {formatColours(result.paletteSize)} · {formatShortBytes(result.pngBytes)} ·{' '}
              {formatPsnr(result.psnr)}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
