/** What a pane draws, resolved from its source: the original, a result, or nothing yet. */
import type { ImageInfo } from '../../../src-main/api/contract';
import type { PaneSource, StoredResult } from '../../app/explorer-state';
import { formatColours } from '../../app/format';

export type PaneContent =
  | { kind: 'original'; source: 'original' }
  | { kind: 'result'; source: PaneSource; stored: StoredResult }
  | { kind: 'none'; source: null };

export function imageOf(
  content: PaneContent,
  image: ImageInfo,
): { src: string; alt: string } | null {
  if (content.kind === 'original') return { src: image.viewUrl, alt: `Original: ${image.name}` };
  if (content.kind === 'result') {
    const { result } = content.stored;
    return { src: result.viewUrl, alt: `Result: ${formatColours(result.paletteSize)}` };
  }
  return null;
}

export function shortTitleOf(content: PaneContent): string {
  if (content.kind === 'original') return 'Original';
  if (content.kind === 'result') return formatColours(content.stored.result.paletteSize);
  return 'No result yet';
}
