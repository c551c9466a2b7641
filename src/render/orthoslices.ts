/**
 * Three orthoslice views of a volume (xy, xz, yz), with crosshairs that show the other slice positions and
 * click/drag to move them. No React here, and no volumes: it shows three 2D slices, which the caller cuts
 * from a volume (main thread) or receives from a worker (live preview). Orientation: render/orthoModel.ts.
 *
 * Two implementations of one OrthoViews interface:
 * - 'webgl-worker' (render/orthoWorkerViews.ts): three.js draws into OffscreenCanvases in a render worker;
 * - 'canvas-2d' (render/orthoCanvas.ts): 2D canvases on the main thread, the fallback where a canvas cannot
 *   be handed to a worker or the worker has no WebGL2 context (and forced by the page's `?render=2d`).
 * The worker answers asynchronously; if it fails, the 2D views take over and are shown the last slices.
 */
import type { ColormapName } from './colormap.ts';
import { createOrthoCanvases } from './orthoCanvas.ts';
import type { GrayWindow, OrthoAxis, OrthoSliceSet, OrthoViews, OrthoViewsOptions } from './orthoModel.ts';
import type { VoxelPosition } from './orthoModel.ts';
import { canRenderInWorker, createWorkerOrthoViews } from './orthoWorkerViews.ts';

export type {
  GrayWindow,
  OrthoAxis,
  OrthoSliceSet,
  OrthoViews,
  OrthoViewsOptions,
  SliceImage,
  VoxelPosition,
} from './orthoModel.ts';
export { SLICE_COLORS } from './orthoModel.ts';
export type { ColormapName } from './colormap.ts';
export type { ViewTransform } from './orthoModel.ts';

export type OrthoRenderer = 'webgl-worker' | 'canvas-2d';

export interface CreateOrthoViewsOptions extends OrthoViewsOptions {
  /** '2d' forces the fallback; 'auto' (default) tries three.js in a worker first */
  renderer?: 'auto' | '2d';
  /** which implementation draws, once known (and why the 2D views took over, if they did) */
  onRenderer?: (renderer: OrthoRenderer, reason?: string) => void;
  /** starts the render worker (tests) */
  spawnWorker?: () => Worker;
}

export function createOrthoViews(
  containers: Record<OrthoAxis, HTMLElement>,
  options: CreateOrthoViewsOptions = {},
): OrthoViews {
  let shown: { set: OrthoSliceSet; window: GrayWindow } | null = null;
  let position: VoxelPosition | null = null;
  let colormap: ColormapName = 'grey';
  let disposed = false;
  const viewOptions: OrthoViewsOptions = {
    onPositionChange: (p) => {
      position = p;
      options.onPositionChange?.(p);
    },
    onViewChange: options.onViewChange,
  };
  const canvases = (reason?: string): OrthoViews => {
    const views = createOrthoCanvases(containers, viewOptions);
    options.onRenderer?.('canvas-2d', reason);
    return views;
  };

  let active: OrthoViews;
  if (options.renderer === '2d') active = canvases('forced by ?render=2d');
  else if (!canRenderInWorker()) active = canvases('no OffscreenCanvas transfer in this browser');
  else {
    active = createWorkerOrthoViews(containers, viewOptions, {
      spawn: options.spawnWorker,
      onReady: () => {
        if (!disposed) options.onRenderer?.('webgl-worker');
      },
      onFailure: (reason) => {
        if (disposed) return;
        console.warn(
          '[wedgelab] orthoslices: three.js in a worker unavailable, drawing 2D canvases:',
          reason,
        );
        active.dispose();
        active = canvases(reason);
        active.setColormap(colormap);
        if (shown) active.show(shown.set, shown.window);
        if (position) active.setPosition(position);
      },
    });
  }

  return {
    show(set, window) {
      shown = { set, window };
      position = set.position;
      active.show(set, window);
    },
    setPosition(p) {
      position = p;
      active.setPosition(p);
    },
    setColormap(name) {
      colormap = name;
      active.setColormap(name);
    },
    resetView(axis) {
      active.resetView(axis);
    },
    zoomView(axis, factor) {
      active.zoomView(axis, factor);
    },
    clear() {
      shown = null;
      position = null;
      active.clear();
    },
    dispose() {
      disposed = true;
      active.dispose();
    },
  };
}
