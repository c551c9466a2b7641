/**
 * What both orthoslice renderers share (render/orthoslices.ts picks one): the types, the slice colours, the
 * crosshair and click geometry, and where a slice image sits in its view. Pure, no DOM, no three.js: the
 * main thread (pointer events) and the render worker (drawing) compute the same rectangles from it.
 *
 * Orientation (the usual orthoslice layout, y up as 3dmod shows it):
 *   xy: x → right, y → up (at z)    xz: x → right, z → up (at y)    yz: z → right, y → up (at x)
 */

import type { ColormapName } from './colormap.ts';

export type OrthoAxis = 'xy' | 'xz' | 'yz';

export const AXES: readonly OrthoAxis[] = ['xy', 'xz', 'yz'];

export interface VoxelPosition {
  x: number;
  y: number;
  z: number;
}

export interface VolumeDims {
  nx: number;
  ny: number;
  nz: number;
}

export interface SliceImage {
  /** texels along the view's horizontal axis */
  width: number;
  /** texels along the view's vertical axis (row 0 at the bottom) */
  height: number;
  /** width × height values, horizontal index fastest */
  data: Float32Array;
}

/** Zoom about the view's centre and pan in CSS pixels (render/viewTransform.ts places the image with it). */
export interface ViewTransform {
  zoom: number;
  panX: number;
  panY: number;
}

export interface GrayWindow {
  lo: number;
  hi: number;
}

export interface OrthoSliceSet {
  dims: VolumeDims;
  position: VoxelPosition;
  /** nx × ny at z */
  xy: SliceImage;
  /** nx × nz at y */
  xz: SliceImage;
  /** nz × ny at x (z fastest) */
  yz: SliceImage;
}

/** Three orthoslice views (xy, xz, yz) in their containers. Two implementations: render/orthoslices.ts. */
export interface OrthoViews {
  /** Shows a new set of slices (a new volume, an intermediate one, or new positions), in place. */
  show(set: OrthoSliceSet, window: GrayWindow): void;
  /** Shows nothing. */
  clear(): void;
  /** Moves the crosshairs only (e.g. while the slices for the new position are on their way). */
  setPosition(position: VoxelPosition): void;
  /** Draws every view through this colormap (render/colormap.ts). */
  setColormap(name: ColormapName): void;
  /** Back to the whole image, centred (one view, or all). */
  resetView(axis?: OrthoAxis): void;
  /** Zooms a view about its centre (the keyboard's + and −). */
  zoomView(axis: OrthoAxis, factor: number): void;
  dispose(): void;
}

export interface OrthoViewsOptions {
  /** the user clicked or dragged in a view: the new slice positions */
  onPositionChange?: (position: VoxelPosition) => void;
  /** a view was zoomed, panned or reset */
  onViewChange?: (axis: OrthoAxis, view: ViewTransform) => void;
}

/** Colour of each slice; a view's crosshair lines take the colours of the slices they mark. */
export const SLICE_COLORS: Record<OrthoAxis, number> = { xy: 0x3fb6c8, xz: 0xe0a040, yz: 0xc070e0 };

/** The slices whose positions a view's crosshair lines mark: [vertical line, horizontal line]. */
export const CROSS_LINES: Record<OrthoAxis, [OrthoAxis, OrthoAxis]> = {
  xy: ['yz', 'xz'],
  xz: ['yz', 'xy'],
  yz: ['xy', 'xz'],
};

/** Background of a view (CSS .ortho-view). */
export const VIEW_BACKGROUND = 0x0b0e12;

/** Margin around the image, as a fraction of the view. */
export const MARGIN = 1.04;

export function clampPosition(dims: VolumeDims, p: VoxelPosition): VoxelPosition {
  return {
    x: Math.min(dims.nx - 1, Math.max(0, p.x)),
    y: Math.min(dims.ny - 1, Math.max(0, p.y)),
    z: Math.min(dims.nz - 1, Math.max(0, p.z)),
  };
}

/** The crosshair of `axis`'s view at `p`, in that view's texels: [horizontal, vertical]. */
export function crosshairOf(axis: OrthoAxis, p: VoxelPosition): [number, number] {
  if (axis === 'xy') return [p.x, p.y];
  if (axis === 'xz') return [p.x, p.z];
  return [p.z, p.y];
}

/** The position after a click at texel (h, v) of `axis`'s view: the view's own slice stays. */
export function positionAtTexel(axis: OrthoAxis, p: VoxelPosition, h: number, v: number): VoxelPosition {
  if (axis === 'xy') return { ...p, x: h, y: v };
  if (axis === 'xz') return { ...p, x: h, z: v };
  return { ...p, z: h, y: v };
}

export interface Size {
  width: number;
  height: number;
}

/** A rectangle in CSS pixels, from the view's top-left corner. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The image centred in a view of size `box`, as large as fits with the margin, on whole pixels. */
export function fitImage(box: Size, image: Size): Rect | null {
  const scale = Math.min(box.width / (image.width * MARGIN), box.height / (image.height * MARGIN));
  if (!(scale > 0)) return null;
  const width = Math.round(image.width * scale);
  const height = Math.round(image.height * scale);
  return {
    left: Math.round((box.width - width) / 2),
    top: Math.round((box.height - height) / 2),
    width,
    height,
  };
}

/** Texel under view point (x, y) (CSS pixels from the top-left), clamped to the image. */
export function texelAt(rect: Rect, image: Size, x: number, y: number): [number, number] {
  const fx = (x - rect.left) / Math.max(1, rect.width);
  const fy = (rect.top + rect.height - y) / Math.max(1, rect.height);
  const clamp = (a: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(a * n)));
  return [clamp(fx, image.width), clamp(fy, image.height)];
}

/** Crosshair line offsets in CSS pixels through texel (h, v)'s centre: [from the left, from the bottom]. */
export function crosshairOffsets(rect: Rect, image: Size, h: number, v: number): [number, number] {
  return [
    Math.floor(((h + 0.5) / image.width) * rect.width),
    Math.floor(((v + 0.5) / image.height) * rect.height),
  ];
}
