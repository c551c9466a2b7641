/**
 * The render worker's side of the WebGL orthoslice views (workers/render.worker.ts exposes it over comlink;
 * render/orthoWorkerViews.ts is the main thread's side). Three SliceViews, one per OffscreenCanvas. Every
 * change only marks its view; dirty views are drawn together in the worker's next animation frame, so
 * slices that arrive faster than frames are drawn once, and the WebGL work and the canvas commits happen on
 * this thread, never on the page's main thread.
 */
import {
  AXES,
  CROSS_LINES,
  SLICE_COLORS,
  crosshairOf,
  type GrayWindow,
  type OrthoAxis,
} from './orthoModel.ts';
import { colormapLut, type ColormapName } from './colormap.ts';
import type { OrthoSliceSet, Size, ViewTransform, VoxelPosition } from './orthoModel.ts';
import { SliceView, createRenderer } from './sliceView.ts';

export type OrthoCanvases = Record<OrthoAxis, OffscreenCanvas>;

export interface OrthoRenderApi {
  /** Takes the canvases; resolves to null when drawing works, else why not (the page then falls back). */
  init(canvases: OrthoCanvases): Promise<string | null>;
  resize(axis: OrthoAxis, box: Size, pixelRatio: number): void;
  /** `set`'s slice arrays are transferred by the caller. */
  show(set: OrthoSliceSet, window: GrayWindow): void;
  setPosition(position: VoxelPosition): void;
  setView(axis: OrthoAxis, view: ViewTransform): void;
  setColormap(name: ColormapName): void;
  clear(): void;
  /** Draws what is pending now and returns a view's pixels as a PNG (tests). */
  snapshot(axis: OrthoAxis): Promise<Blob | null>;
  dispose(): void;
}

type FrameScheduler = (draw: () => void) => void;

/** requestAnimationFrame where a worker has it (Chromium with OffscreenCanvas), else a 16 ms timer. */
const nextFrame: FrameScheduler = (draw) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(draw);
  else setTimeout(draw, 16);
};

export function createOrthoRenderService(schedule: FrameScheduler = nextFrame): OrthoRenderApi {
  let views: Record<OrthoAxis, SliceView> | null = null;
  let canvases: OrthoCanvases | null = null;
  const dirty = new Set<OrthoAxis>();
  let queued = false;

  const drawDirty = (): void => {
    queued = false;
    if (!views) return;
    for (const axis of dirty) views[axis].draw();
    dirty.clear();
  };
  const touch = (...axes: readonly OrthoAxis[]): void => {
    for (const a of axes) dirty.add(a);
    if (!queued && views) {
      queued = true;
      schedule(drawDirty);
    }
  };

  return {
    async init(c) {
      canvases = c;
      const made: Partial<Record<OrthoAxis, SliceView>> = {};
      try {
        for (const axis of AXES) {
          const [vertical, horizontal] = CROSS_LINES[axis];
          made[axis] = new SliceView(createRenderer(c[axis]), [
            SLICE_COLORS[vertical],
            SLICE_COLORS[horizontal],
          ]);
        }
      } catch (e) {
        for (const v of Object.values(made)) v.dispose();
        return e instanceof Error ? e.message : String(e);
      }
      views = made as Record<OrthoAxis, SliceView>;
      touch(...AXES);
      return null;
    },
    resize(axis, box, pixelRatio) {
      views?.[axis].resize(box, pixelRatio);
      touch(axis);
    },
    show(set, window) {
      if (!views) return;
      for (const axis of AXES) {
        views[axis].setImage(set[axis], window);
        views[axis].setCrosshair(...crosshairOf(axis, set.position));
      }
      touch(...AXES);
    },
    setPosition(position) {
      if (!views) return;
      for (const axis of AXES) views[axis].setCrosshair(...crosshairOf(axis, position));
      touch(...AXES);
    },
    setView(axis, view) {
      views?.[axis].setView(view);
      touch(axis);
    },
    setColormap(name) {
      if (!views) return;
      const lut = colormapLut(name);
      for (const axis of AXES) views[axis].setColormap(lut);
      touch(...AXES);
    },
    clear() {
      if (!views) return;
      for (const axis of AXES) views[axis].clear();
      touch(...AXES);
    },
    async snapshot(axis) {
      if (!views || !canvases) return null;
      views[axis].draw();
      return canvases[axis].convertToBlob({ type: 'image/png' });
    },
    dispose() {
      if (views) for (const v of Object.values(views)) v.dispose();
      views = null;
      canvases = null;
      dirty.clear();
    },
  };
}
