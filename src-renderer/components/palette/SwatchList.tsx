import { useMemo } from 'react';
import { compareByHue } from '../../app/colour';

export type SwatchOrder = 'share' | 'hue';

interface SwatchListProps {
  palette: string[];
  counts: number[];
  order: SwatchOrder;
  onCopy(hex: string): void;
}

function formatShare(share: number): string {
  const percent = share * 100;
  return percent >= 10
    ? `${percent.toFixed(0)} %`
    : percent >= 0.1
      ? `${percent.toFixed(1)} %`
      : '<0.1 %';
}

/** Every palette colour with its hex and share of the pixels; a click copies the hex. */
export function SwatchList({ palette, counts, order, onCopy }: SwatchListProps) {
  const total = counts.reduce((sum, count) => sum + count, 0) || 1;
  const largest = Math.max(1, ...counts);
  const indices = useMemo(() => {
    const all = palette.map((_, index) => index);
    return order === 'hue' ? all.sort((a, b) => compareByHue(palette[a]!, palette[b]!)) : all;
  }, [palette, order]);

  return (
    <ul className="swatches" aria-label={`Palette of ${palette.length} colours`}>
      {indices.map((index) => {
        const hex = palette[index]!;
        const share = formatShare((counts[index] ?? 0) / total);
        return (
          <li key={index}>
            <button
              type="button"
              className="swatch-row"
              aria-label={`${hex}, ${share} of the pixels. Copy`}
              title={`${hex} · ${share} of the pixels · click to copy`}
              onClick={() => onCopy(hex)}
            >
              <span className="swatch-chip" style={{ backgroundColor: hex }} />
              <span className="swatch-hex">{hex}</span>
              <span className="swatch-share">
                <span
                  className="swatch-bar"
                  style={{ width: `${(100 * (counts[index] ?? 0)) / largest}%` }}
                />
                <span className="swatch-percent">{share}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
