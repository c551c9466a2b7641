/**
 * The box worker's side of the 3D box view (workers/box.worker.ts exposes it over comlink; the main thread's
 * side is render/boxWorkerView.ts). Like the orthoslice render service, every change only marks the view
 * dirty and it is drawn once in the worker's next animation frame, so a fast drag draws once per frame and
 * the WebGL work and canvas commit never happen on the page's main thread.
 */
import { colormapLut, type ColormapName } from './colormap.ts';
import type { Orbit } from './boxModel.ts';
import { BoxScene, createBoxRenderer } from './boxScene.ts';
import type { GrayWindow, OrthoSliceSet, Size } from './orthoModel.ts';

export interface BoxRenderApi {
  /** Takes the canvas; resolves to null when drawing works, else why not (the page then says so). */
  init(canvas: OffscreenCanvas): Promise<string | null>;
  resize(box: Size, pixelRatio: number): void;
  /** `set`'s slice arrays are transferred by the caller. */
  show(set: OrthoSliceSet, window: GrayWindow): void;
  setOrbit(orbit: Orbit): void;
  setColormap(name: ColormapName): void;
  clear(): void;
  dispose(): void;
}

type FrameScheduler = (draw: () => void) => void;

const nextFrame: FrameScheduler = (draw) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(draw);
  else setTimeout(draw, 16);
};

export function createBoxRenderService(schedule: FrameScheduler = nextFrame): BoxRenderApi {
  let scene: BoxScene | null = null;
  let queued = false;
  const touch = (): void => {
    if (queued || !scene) return;
    queued = true;
    schedule(() => {
      queued = false;
      scene?.draw();
    });
  };
  return {
    async init(canvas) {
      try {
        scene = new BoxScene(createBoxRenderer(canvas));
      } catch (e) {
        return e instanceof Error ? e.message : String(e);
      }
      scene.setColormap(colormapLut('grey'));
      touch();
      return null;
    },
    resize(box, pixelRatio) {
      scene?.resize(box, pixelRatio);
      touch();
    },
    show(set, window) {
      scene?.setSlices(set, window);
      touch();
    },
    setOrbit(orbit) {
      scene?.setOrbit(orbit);
      touch();
    },
    setColormap(name) {
      scene?.setColormap(colormapLut(name));
      touch();
    },
    clear() {
      scene?.clear();
      touch();
    },
    dispose() {
      scene?.dispose();
      scene = null;
    },
  };
}
