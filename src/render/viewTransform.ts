/**
 * Zoom and pan of one orthoslice view: the image's rectangle is orthoModel's fitImage rectangle scaled by
 * `zoom` about the view's centre and moved by `pan` (CSS pixels). Pure, no DOM: the main thread (pointer and
 * wheel events) and the render worker (drawing) compute the same rectangle from it.
 */
import { fitImage, type Rect, type Size, type ViewTransform } from './orthoModel.ts';

export type { ViewTransform } from './orthoModel.ts';

export const IDENTITY_VIEW: ViewTransform = { zoom: 1, panX: 0, panY: 0 };

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 32;

export function isIdentity(t: ViewTransform): boolean {
  return t.zoom === 1 && t.panX === 0 && t.panY === 0;
}

/** Where the image sits in a view of size `box` under `t`, on whole pixels (fitImage's own at identity). */
export function viewRect(box: Size, image: Size, t: ViewTransform): Rect | null {
  const fit = fitImage(box, image);
  if (!fit || isIdentity(t)) return fit;
  const width = Math.round(fit.width * t.zoom);
  const height = Math.round(fit.height * t.zoom);
  return {
    left: Math.round((box.width - width) / 2 + t.panX),
    top: Math.round((box.height - height) / 2 + t.panY),
    width,
    height,
  };
}

/** Keeps the image's centre inside the view, so a view can never be panned to an empty frame. */
function clampPan(box: Size, t: ViewTransform): ViewTransform {
  const cx = Math.min(box.width / 2, Math.max(-box.width / 2, t.panX));
  const cy = Math.min(box.height / 2, Math.max(-box.height / 2, t.panY));
  return { zoom: t.zoom, panX: cx, panY: cy };
}

/** Zoom by `factor` about point (x, y) of the view (CSS pixels from its top-left): that point stays put. */
export function zoomAbout(box: Size, t: ViewTransform, x: number, y: number, factor: number): ViewTransform {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, t.zoom * factor));
  if (zoom === MIN_ZOOM) return IDENTITY_VIEW;
  const f = zoom / t.zoom;
  // the image's centre c = box/2 + pan; a point p keeps its place when c' = p + (c − p)·f
  const cx = box.width / 2 + t.panX;
  const cy = box.height / 2 + t.panY;
  return clampPan(box, {
    zoom,
    panX: x + (cx - x) * f - box.width / 2,
    panY: y + (cy - y) * f - box.height / 2,
  });
}

export function panBy(box: Size, t: ViewTransform, dx: number, dy: number): ViewTransform {
  return clampPan(box, { zoom: t.zoom, panX: t.panX + dx, panY: t.panY + dy });
}

/** Zoom factor of one wheel event (deltaY in pixels; about ×1.2 per notch of 100 px). */
export function wheelFactor(deltaY: number): number {
  return Math.exp(-Math.max(-300, Math.min(300, deltaY)) * 0.0018);
}
