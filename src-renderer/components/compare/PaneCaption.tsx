import type { ImageInfo } from '../../../src-main/api/contract';
import {
  formatBytes,
  formatColours,
  formatCount,
  formatDuration,
  formatMse,
  formatPsnr,
  formatRatio,
} from '../../app/format';
import type { PaneContent } from './pane-content';

interface PaneCaptionProps {
  content: PaneContent;
  image: ImageInfo;
}

/** The figures under a pane: colours, bytes, ratio to the original, MSE and PSNR. */
export function PaneCaption({ content, image }: PaneCaptionProps) {
  if (content.kind === 'none') {
    return (
      <div className="pane-caption">
        <span className="caption-line muted">Results appear here as they finish.</span>
      </div>
    );
  }
  if (content.kind === 'original') {
    return (
      <div className="pane-caption">
        <span className="caption-line">
          <strong className="caption-title">Original</strong>
          <span data-testid="original-bytes">
            {formatBytes(image.fileBytes)} {image.format.toUpperCase()}
          </span>
        </span>
        <span className="caption-line muted">
          {formatColours(image.distinctColours)} · MSE 0 · PSNR lossless
        </span>
        {/* What opening changed (a colour profile converted, frames dropped...). */}
        {image.notes.length > 0 && (
          <span className="caption-line muted notes">{image.notes.join(' ')}</span>
        )}
      </div>
    );
  }
  const { result } = content.stored;
  return (
    <div className="pane-caption">
      <span className="caption-line">
        <strong className="caption-title">
          {formatColours(result.paletteSize)}
          {result.paletteSize < result.colours ? ` of ${formatCount(result.colours)}` : ''}
        </strong>
        <span data-testid="result-bytes">
          {formatBytes(result.pngBytes)} PNG · {formatRatio(result.pngBytes, image.fileBytes)}
        </span>
      </span>
      <span className="caption-line muted">
        MSE {formatMse(result.mse)} · PSNR {formatPsnr(result.psnr)} · {result.iterations}{' '}
        iterations{result.converged ? '' : ' (not converged)'} ·{' '}
        {formatDuration(result.milliseconds)}
      </span>
    </div>
  );
}
