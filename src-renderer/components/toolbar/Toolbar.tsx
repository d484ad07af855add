import type { ImageInfo } from '../../../src-main/api/contract';
import type { RecentFiles } from '../../app/useRecentFiles';
import { ImageSummary } from './ImageSummary';
import { RecentMenu } from './RecentMenu';

interface ToolbarProps {
  image: ImageInfo | null;
  opening: boolean;
  recent: RecentFiles;
  onOpenDialog(): void;
  onOpenFile(file: File): void;
  onOpenSample(): void;
  onHelp(): void;
  onAbout(): void;
}

/** The window's top bar: opening images, what is open, help. */
export function Toolbar(props: ToolbarProps) {
  return (
    <header className="toolbar">
      <h1 className="brand">
        <img className="brand-mark" src="./icon.svg" alt="" />
        Palettize
      </h1>
      <div className="toolbar-group">
        <button
          type="button"
          onClick={props.onOpenDialog}
          disabled={props.opening}
          title="Open an image (Ctrl/⌘+O)"
        >
          Open image…
        </button>
        <RecentMenu
          entries={props.recent.entries}
          onOpen={props.onOpenFile}
          onClear={props.recent.clear}
        />
        <button
          type="button"
          onClick={props.onOpenSample}
          disabled={props.opening}
          aria-label="Sample photo (china.jpg)"
          title="Open the bundled sample photo, china.jpg"
        >
          Sample
        </button>
      </div>
      <ImageSummary image={props.image} />
      <div className="toolbar-group end">
        <button
          type="button"
          className="icon"
          onClick={props.onHelp}
          aria-label="Help and keyboard shortcuts"
          title="Help and keyboard shortcuts (?)"
        >
          ?
        </button>
        <button type="button" onClick={props.onAbout}>
          About
        </button>
      </div>
    </header>
  );
}
