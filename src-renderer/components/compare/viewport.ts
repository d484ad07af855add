/**
 * Zoom and pan as plain math. Both panes share one View, and the results have the original's
 * dimensions, so one View places every image identically: that is what keeps the panes in sync.
 */
import type { Size } from '../../app/useElementSize';

export interface Point {
  x: number;
  y: number;
}

export interface View {
  /** 'fit' follows the pane's size; a number is screen pixels per image pixel. */
  zoom: 'fit' | number;
  /** The image point at the pane's centre; null for the image's centre. */
  centre: Point | null;
}

/** Where the image's top-left corner goes in the pane, and its scale. */
export interface Placement {
  scale: number;
  left: number;
  top: number;
}

export const FIT_VIEW: View = { zoom: 'fit', centre: null };
export const MIN_ZOOM = 1 / 32;
export const MAX_ZOOM = 64;
const ZOOM_STEPS = [
  1 / 32,
  1 / 16,
  1 / 8,
  1 / 6,
  1 / 4,
  1 / 3,
  1 / 2,
  2 / 3,
  1,
  1.5,
  2,
  3,
  4,
  6,
  8,
  12,
  16,
  24,
  32,
  48,
  64,
];

const clampZoom = (scale: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, scale));

export function fitScale(pane: Size, image: Size): number {
  if (image.width <= 0 || image.height <= 0 || pane.width <= 0 || pane.height <= 0) return 1;
  return Math.min(pane.width / image.width, pane.height / image.height);
}

export function scaleOf(view: View, pane: Size, image: Size): number {
  return view.zoom === 'fit' ? fitScale(pane, image) : view.zoom;
}

function centreOf(view: View, image: Size): Point {
  return view.zoom === 'fit' || !view.centre
    ? { x: image.width / 2, y: image.height / 2 }
    : view.centre;
}

/** The centre may go anywhere over the image, never beyond it: the image cannot be lost. */
function clampCentre(centre: Point, image: Size): Point {
  return {
    x: Math.min(image.width, Math.max(0, centre.x)),
    y: Math.min(image.height, Math.max(0, centre.y)),
  };
}

export function placementOf(view: View, pane: Size, image: Size): Placement {
  const scale = scaleOf(view, pane, image);
  const centre = centreOf(view, image);
  return {
    scale,
    left: pane.width / 2 - centre.x * scale,
    top: pane.height / 2 - centre.y * scale,
  };
}

/** Zooms to `scale`, keeping the image point under `anchor` (pane pixels; default its centre) still. */
export function zoomTo(view: View, pane: Size, image: Size, scale: number, anchor?: Point): View {
  const next = clampZoom(scale);
  const placed = placementOf(view, pane, image);
  const at = anchor ?? { x: pane.width / 2, y: pane.height / 2 };
  const under = { x: (at.x - placed.left) / placed.scale, y: (at.y - placed.top) / placed.scale };
  const centre = {
    x: under.x - (at.x - pane.width / 2) / next,
    y: under.y - (at.y - pane.height / 2) / next,
  };
  return { zoom: next, centre: clampCentre(centre, image) };
}

/** The next zoom level up (+1) or down (−1) from the current scale. */
export function zoomStep(view: View, pane: Size, image: Size, direction: 1 | -1): View {
  const current = scaleOf(view, pane, image);
  const next =
    direction > 0
      ? (ZOOM_STEPS.find((step) => step > current * 1.001) ?? MAX_ZOOM)
      : ([...ZOOM_STEPS].reverse().find((step) => step < current / 1.001) ?? MIN_ZOOM);
  return zoomTo(view, pane, image, next);
}

/** Moves the image by (dx, dy) screen pixels. */
export function panBy(view: View, pane: Size, image: Size, dx: number, dy: number): View {
  const scale = scaleOf(view, pane, image);
  const centre = centreOf(view, image);
  return {
    zoom: scale,
    centre: clampCentre({ x: centre.x - dx / scale, y: centre.y - dy / scale }, image),
  };
}

export function formatZoom(scale: number): string {
  const percent = scale * 100;
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}
