import { useEffect, useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { useElementSize, type Size } from '../../app/useElementSize';
import {
  FIT_VIEW,
  formatZoom,
  panBy,
  placementOf,
  scaleOf,
  zoomTo,
  type Placement,
  type View,
} from './viewport';

interface PanZoomSurfaceProps {
  view: View;
  image: Size;
  /** Names the pane for screen readers; the zoom level is added. */
  label: string;
  onViewChange(update: (view: View) => View): void;
  onPaneSize(size: Size): void;
  /** The layers to draw, placed by the shared view. */
  children(placement: Placement): ReactNode;
}

const KEY_PAN_SHARE = 0.1;

/**
 * A pane that zooms (wheel, double-click) and pans (drag, arrow keys when focused). It holds no
 * view of its own: every change goes to the shared view, so all panes move together.
 */
export function PanZoomSurface(props: PanZoomSurfaceProps) {
  const { view, image, label, onViewChange, onPaneSize, children } = props;
  const surface = useRef<HTMLDivElement>(null);
  const size = useElementSize(surface);
  const latest = useRef({ size, image, onViewChange });
  latest.current = { size, image, onViewChange };
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    if (size.width > 0) onPaneSize(size);
  }, [size, onPaneSize]);

  // React's wheel listeners are passive; this one must be able to stop the page from scrolling.
  useEffect(() => {
    const element = surface.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { size: pane, image: picture, onViewChange: change } = latest.current;
      const box = element.getBoundingClientRect();
      const anchor = { x: event.clientX - box.left, y: event.clientY - box.top };
      const perLine = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? pane.height : 1;
      const factor = Math.exp(-event.deltaY * perLine * 0.002);
      change((old) => zoomTo(old, pane, picture, scaleOf(old, pane, picture) * factor, anchor));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const from = drag.current;
    if (!from) return;
    const dx = event.clientX - from.x;
    const dy = event.clientY - from.y;
    drag.current = { x: event.clientX, y: event.clientY };
    onViewChange((old) => panBy(old, size, image, dx, dy));
  };
  const endDrag = () => {
    drag.current = null;
  };

  const onDoubleClick = (event: { clientX: number; clientY: number }) => {
    const box = surface.current!.getBoundingClientRect();
    const anchor = { x: event.clientX - box.left, y: event.clientY - box.top };
    onViewChange((old) => (old.zoom === 1 ? FIT_VIEW : zoomTo(old, size, image, 1, anchor)));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = {
      ArrowLeft: [1, 0],
      ArrowRight: [-1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    }[event.key];
    if (!step || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault(); // the arrows pan here, instead of stepping through results
    const [dx, dy] = step as [number, number];
    onViewChange((old) =>
      panBy(old, size, image, dx * size.width * KEY_PAN_SHARE, dy * size.height * KEY_PAN_SHARE),
    );
  };

  const placement = placementOf(view, size, image);
  return (
    <div
      ref={surface}
      className="surface"
      tabIndex={0}
      role="group"
      aria-label={`${label}, zoom ${formatZoom(placement.scale)}`}
      aria-roledescription="zoomable image"
      data-zoom={placement.scale.toFixed(4)}
      data-left={placement.left.toFixed(1)}
      data-top={placement.top.toFixed(1)}
      // A click to drag should not move keyboard focus here (and take the arrow keys with it).
      onMouseDown={(event) => event.preventDefault()}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onDoubleClick={onDoubleClick}
      onKeyDown={onKeyDown}
    >
      {size.width > 0 && children(placement)}
    </div>
  );
}

interface LayerImageProps {
  src: string;
  alt: string;
  image: Size;
  placement: Placement;
}

/** An image drawn at the shared placement; pixels stay crisp squares once zoomed in. */
export function LayerImage({ src, alt, image, placement }: LayerImageProps) {
  return (
    <img
      className={`layer-image${placement.scale > 1 ? ' pixelated' : ''}`}
      src={src}
      alt={alt}
      draggable={false}
      style={{
        width: image.width,
        height: image.height,
        transform: `translate(${placement.left}px, ${placement.top}px) scale(${placement.scale})`,
      }}
    />
  );
}
