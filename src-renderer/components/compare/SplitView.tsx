import type { ImageInfo } from '../../../src-main/api/contract';
import type { PaneSide, PaneSource, Series } from '../../app/explorer-state';
import type { Size } from '../../app/useElementSize';
import { imageOf, shortTitleOf, type PaneContent } from './pane-content';
import { PaneCaption } from './PaneCaption';
import { LayerImage, PanZoomSurface } from './PanZoomSurface';
import { SourcePicker } from './SourcePicker';
import { SplitDivider } from './SplitDivider';
import type { View } from './viewport';

interface SplitViewProps {
  image: ImageInfo;
  panes: Record<PaneSide, PaneContent>;
  series: Series[];
  view: View;
  split: number;
  onSplitChange(position: number): void;
  onViewChange(update: (view: View) => View): void;
  onPaneSize(size: Size): void;
  onShow(side: PaneSide, source: PaneSource): void;
}

/**
 * One pane, two images: the left source everywhere, the right source beyond the divider. Both
 * follow the shared view, so the divider compares the very same pixels.
 */
export function SplitView(props: SplitViewProps) {
  const { image, panes, series, view, split, onSplitChange, onViewChange, onPaneSize, onShow } =
    props;
  const left = imageOf(panes.left, image);
  const right = imageOf(panes.right, image);
  return (
    <section className="pane split-pane" aria-label="Split view">
      <div className="pane-header split-header">
        <SourcePicker
          side="left"
          value={panes.left.source}
          series={series}
          onChange={(source) => onShow('left', source)}
        />
        <SourcePicker
          side="right"
          value={panes.right.source}
          series={series}
          onChange={(source) => onShow('right', source)}
        />
      </div>
      <PanZoomSurface
        view={view}
        image={image}
        label="Split pane"
        onViewChange={onViewChange}
        onPaneSize={onPaneSize}
      >
        {(placement) => (
          <>
            {left && (
              <LayerImage src={left.src} alt={left.alt} image={image} placement={placement} />
            )}
            <div className="split-clip" style={{ clipPath: `inset(0 0 0 ${split * 100}%)` }}>
              {right && (
                <LayerImage src={right.src} alt={right.alt} image={image} placement={placement} />
              )}
            </div>
            <span className="split-label split-label-left" aria-hidden="true">
              {shortTitleOf(panes.left)}
            </span>
            <span className="split-label split-label-right" aria-hidden="true">
              {shortTitleOf(panes.right)}
            </span>
            <SplitDivider position={split} onChange={onSplitChange} />
          </>
        )}
      </PanZoomSurface>
      <div className="split-captions">
        <PaneCaption content={panes.left} image={image} />
        <PaneCaption content={panes.right} image={image} />
      </div>
    </section>
  );
}
