import type { MouseEvent, Ref } from 'react';
import type { ResultInfo } from '../../../src-main/api/contract';
import { formatBytes, formatCount, formatPsnr, formatShortBytes } from '../../app/format';

interface GalleryTileProps {
  ref?: Ref<HTMLLIElement>;
  result: ResultInfo;
  selected: boolean;
  inLeftPane: boolean;
  focusable: boolean;
  onPick(event: MouseEvent): void;
}

/** One result: its thumbnail, colour count, bytes and PSNR. */
export function GalleryTile({
  ref,
  result,
  selected,
  inLeftPane,
  focusable,
  onPick,
}: GalleryTileProps) {
  const name = `${formatCount(result.colours)} colours: ${formatBytes(result.pngBytes)}, PSNR ${formatPsnr(result.psnr)}`;
  return (
    <li
      ref={ref}
      role="option"
      aria-selected={selected}
      aria-label={name}
      tabIndex={focusable ? 0 : -1}
      className={`tile${selected ? ' selected' : ''}`}
      data-colours={result.colours}
      onClick={onPick}
      title={`${name}\nClick: right pane · Shift+click: left pane`}
    >
      <img src={result.viewUrl} alt="" loading="lazy" decoding="async" draggable={false} />
      <span className="tile-k">{formatCount(result.colours)}</span>
      {inLeftPane && (
        <span className="tile-badge" aria-hidden="true" title="In the left pane">
          L
        </span>
      )}
      <span className="tile-figures">
        <span>{formatShortBytes(result.pngBytes)}</span>
        <span>{result.psnr === null ? 'lossless' : `${result.psnr.toFixed(1)} dB`}</span>
      </span>
    </li>
  );
}
