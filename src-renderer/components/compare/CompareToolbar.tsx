import type { CompareControls } from './useCompareView';
import { formatZoom } from './viewport';

/** Layout toggle and zoom buttons, above the panes. */
export function CompareToolbar({ controls }: { controls: CompareControls }) {
  const { layout, setLayout, scale, view } = controls;
  return (
    <div className="compare-toolbar">
      <div className="segmented" role="group" aria-label="Compare layout">
        <button
          type="button"
          aria-pressed={layout === 'side'}
          onClick={() => setLayout('side')}
          title="Two panes side by side (S)"
        >
          Side by side
        </button>
        <button
          type="button"
          aria-pressed={layout === 'split'}
          onClick={() => setLayout('split')}
          title="One pane with a draggable divider (S)"
        >
          Split view
        </button>
      </div>
      <div className="zoom-controls" role="group" aria-label="Zoom">
        <button
          type="button"
          className="icon"
          onClick={controls.zoomOut}
          aria-label="Zoom out"
          title="Zoom out (−)"
        >
          −
        </button>
        <output className="zoom-level" aria-label="Zoom level" aria-live="off">
          {formatZoom(scale)}
        </output>
        <button
          type="button"
          className="icon"
          onClick={controls.zoomIn}
          aria-label="Zoom in"
          title="Zoom in (+)"
        >
          +
        </button>
        <button
          type="button"
          onClick={controls.fit}
          aria-pressed={view.zoom === 'fit'}
          title="Fit the image to the pane (0)"
        >
          Fit
        </button>
        <button
          type="button"
          onClick={controls.actualSize}
          aria-label="Zoom to 100 %"
          aria-pressed={view.zoom === 1}
          title="One image pixel per screen pixel (1)"
        >
          1:1
        </button>
      </div>
    </div>
  );
}
