import type { StoredResult } from '../../app/explorer-state';
import { formatColours } from '../../app/format';
import { SwatchList, type SwatchOrder } from './SwatchList';

interface PalettePanelProps {
  selected: StoredResult | undefined;
  order: SwatchOrder;
  onOrder(order: SwatchOrder): void;
  onCopy(hex: string): void;
}

/** The selected result's palette. */
export function PalettePanel({ selected, order, onOrder, onCopy }: PalettePanelProps) {
  const result = selected?.result;
  return (
    <section className="panel-section palette-panel" aria-labelledby="palette-title">
      <div className="section-header">
        <h2 id="palette-title" className="section-title">
          Palette
          {result && <span className="section-count">{formatColours(result.paletteSize)}</span>}
        </h2>
        <div className="segmented small" role="group" aria-label="Order swatches">
          <button
            type="button"
            aria-pressed={order === 'share'}
            onClick={() => onOrder('share')}
            title="Most used first"
          >
            Share
          </button>
          <button
            type="button"
            aria-pressed={order === 'hue'}
            onClick={() => onOrder('hue')}
            title="Round the colour wheel, greys last"
          >
            Hue
          </button>
        </div>
      </div>
      {result ? (
        <SwatchList palette={result.palette} counts={result.counts} order={order} onCopy={onCopy} />
      ) : (
        <p className="muted panel-empty">The selected result’s colours appear here.</p>
      )}
    </section>
  );
}
