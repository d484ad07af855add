import type { ImageInfo } from '../../../src-main/api/contract';
import type { PaneSide, PaneSource, Series } from '../../app/explorer-state';
import type { Size } from '../../app/useElementSize';
import { imageOf, type PaneContent } from './pane-content';
import { PaneCaption } from './PaneCaption';
import { LayerImage, PanZoomSurface } from './PanZoomSurface';
import { SourcePicker } from './SourcePicker';
import type { View } from './viewport';

interface ComparePaneProps {
  side: PaneSide;
  image: ImageInfo;
  content: PaneContent;
  series: Series[];
  view: View;
  onViewChange(update: (view: View) => View): void;
  onPaneSize(size: Size): void;
  onShow(source: PaneSource): void;
}

/** One of the two side-by-side panes: a source picker, the zoomable image, its figures. */
export function ComparePane(props: ComparePaneProps) {
  const { side, image, content, series, view, onViewChange, onPaneSize, onShow } = props;
  const picture = imageOf(content, image);
  const name = side === 'left' ? 'Left pane' : 'Right pane';
  return (
    <section className="pane" aria-label={name}>
      <div className="pane-header">
        <SourcePicker side={side} value={content.source} series={series} onChange={onShow} />
      </div>
      <PanZoomSurface
        view={view}
        image={image}
        label={name}
        onViewChange={onViewChange}
        onPaneSize={onPaneSize}
      >
        {(placement) =>
          picture ? (
            <LayerImage src={picture.src} alt={picture.alt} image={image} placement={placement} />
          ) : (
            <div className="pane-empty">
              <p>
                Choose a colour count and press <strong>Quantize</strong>, or run a sweep.
              </p>
            </div>
          )
        }
      </PanZoomSurface>
      <PaneCaption content={content} image={image} />
    </section>
  );
}
