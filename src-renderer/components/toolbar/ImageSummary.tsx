import type { ImageInfo } from '../../../src-main/api/contract';
import { formatColours, formatShortBytes } from '../../app/format';

/** The open image in one line: name, dimensions, format, size, distinct colours. */
export function ImageSummary({ image }: { image: ImageInfo | null }) {
  if (!image) return <div className="image-summary muted">No image open</div>;
  return (
    <div className="image-summary" role="group" aria-label="Image details">
      <span className="image-name" title={image.name}>
        {image.name}
      </span>
      <span className="image-facts" title={`${image.fileBytes} bytes`}>
        {image.width} × {image.height} · {image.format.toUpperCase()} ·{' '}
        {formatShortBytes(image.fileBytes)} · {formatColours(image.distinctColours)}
        {image.hasAlpha ? ' · transparency' : ''}
      </span>
    </div>
  );
}
