/**
 * The main thread's side of the WebGL orthoslice views: three canvases whose control is transferred to the
 * render worker (workers/render.worker.ts → render/orthoRenderService.ts), which draws them with three.js.
 * The main thread keeps only what needs the DOM: the canvases' sizes (a ResizeObserver, sent to the worker)
 * and input (render/viewInput.ts: click → texel → new position; wheel and drag → zoom and pan, sent to the
 * worker; with orthoModel's and viewTransform's geometry, the same the worker draws with). Slices go to the worker as transferred copies; the caller keeps its own arrays.
 *
 * Why a worker: where Chromium composites in software (headless, SwiftShader), a WebGL canvas on the main
 * thread is read back from the GPU process synchronously in the main thread's frame commit (~30 ms per view
 * for a job's first image). An OffscreenCanvas in a worker commits its frames from the worker's thread.
 */
import * as Comlink from 'comlink';
import type { OrthoRenderApi } from './orthoRenderService.ts';
import type { ColormapName } from './colormap.ts';
import {
  AXES,
  clampPosition,
  positionAtTexel,
  texelAt,
  type OrthoAxis,
  type OrthoSliceSet,
  type OrthoViews,
  type OrthoViewsOptions,
  type Size,
  type SliceImage,
  type ViewTransform,
  type VolumeDims,
  type VoxelPosition,
} from './orthoModel.ts';
import { attachViewInput } from './viewInput.ts';
import { IDENTITY_VIEW, panBy, viewRect, wheelFactor, zoomAbout } from './viewTransform.ts';

export interface WorkerViewsHooks {
  /** the worker draws (its WebGL2 contexts exist) */
  onReady(): void;
  /** the worker cannot draw (no WebGL2 in a worker, or it failed to load): the caller falls back */
  onFailure(reason: string): void;
  /** starts the render worker (tests may pass their own) */
  spawn?: () => Worker;
}

function spawnRenderWorker(): Worker {
  return new Worker(new URL('../../workers/render.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-render',
  });
}

/** Whether this page can hand a canvas to a worker at all. */
export function canRenderInWorker(): boolean {
  return (
    typeof Worker !== 'undefined' &&
    typeof OffscreenCanvas !== 'undefined' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    'transferControlToOffscreen' in HTMLCanvasElement.prototype
  );
}

const copy = (s: SliceImage): SliceImage => ({ width: s.width, height: s.height, data: s.data.slice() });

export function createWorkerOrthoViews(
  containers: Record<OrthoAxis, HTMLElement>,
  options: OrthoViewsOptions,
  hooks: WorkerViewsHooks,
): OrthoViews {
  let position: VoxelPosition = { x: 0, y: 0, z: 0 };
  let dims: VolumeDims = { nx: 1, ny: 1, nz: 1 };
  let failed = false;
  const images: Record<OrthoAxis, Size | null> = { xy: null, xz: null, yz: null };
  const views: Record<OrthoAxis, ViewTransform> = { xy: IDENTITY_VIEW, xz: IDENTITY_VIEW, yz: IDENTITY_VIEW };
  const boxes: Record<OrthoAxis, Size> = {
    xy: { width: 0, height: 0 },
    xz: { width: 0, height: 0 },
    yz: { width: 0, height: 0 },
  };
  const canvases = {} as Record<OrthoAxis, HTMLCanvasElement>;
  const offscreen = {} as Record<OrthoAxis, OffscreenCanvas>;
  for (const axis of AXES) {
    const canvas = document.createElement('canvas');
    canvas.className = 'slice-canvas webgl';
    containers[axis].appendChild(canvas);
    canvases[axis] = canvas;
    offscreen[axis] = canvas.transferControlToOffscreen();
  }

  const worker = (hooks.spawn ?? spawnRenderWorker)();
  const api = Comlink.wrap<OrthoRenderApi>(worker);
  const fail = (reason: string): void => {
    if (failed) return;
    failed = true;
    hooks.onFailure(reason);
  };
  const send = (call: Promise<unknown>): void => void call.catch((e) => fail(String(e)));
  worker.addEventListener('error', (e) => fail(e.message || 'the render worker failed to load'));
  api
    .init(Comlink.transfer(offscreen, Object.values(offscreen)))
    .then((reason) => (reason === null ? hooks.onReady() : fail(reason)))
    .catch((e) => fail(String(e)));

  const pixelRatio = (): number => Math.min(2, globalThis.devicePixelRatio || 1);
  const axisOf = new Map<Element, OrthoAxis>(AXES.map((a) => [canvases[a], a]));
  const resize =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          for (const e of entries) {
            const axis = axisOf.get(e.target);
            if (!axis) continue;
            const box = { width: Math.round(e.contentRect.width), height: Math.round(e.contentRect.height) };
            boxes[axis] = box;
            send(api.resize(axis, box, pixelRatio()));
          }
        });
  for (const c of axisOf.keys()) resize?.observe(c);

  function setPosition(p: VoxelPosition): void {
    position = clampPosition(dims, p);
    send(api.setPosition(position));
  }

  // input stays here: a click picks the texel under it in the same rectangle the worker draws
  const pick = (axis: OrthoAxis, x: number, y: number): void => {
    const image = images[axis];
    const rect = image && viewRect(boxes[axis], image, views[axis]);
    if (!image || !rect) return;
    const [h, v] = texelAt(rect, image, x, y);
    const p = clampPosition(dims, positionAtTexel(axis, position, h, v));
    if (p.x !== position.x || p.y !== position.y || p.z !== position.z) {
      setPosition(p);
      options.onPositionChange?.(p);
    }
  };
  const setView = (axis: OrthoAxis, view: ViewTransform): void => {
    if (!images[axis]) return;
    views[axis] = view;
    send(api.setView(axis, view));
    options.onViewChange?.(axis, view);
  };
  const listeners = AXES.map((axis) =>
    attachViewInput(containers[axis], {
      pick: (x, y) => pick(axis, x, y),
      pan: (dx, dy) => setView(axis, panBy(boxes[axis], views[axis], dx, dy)),
      zoom: (x, y, deltaY) => setView(axis, zoomAbout(boxes[axis], views[axis], x, y, wheelFactor(deltaY))),
      reset: () => setView(axis, IDENTITY_VIEW),
    }),
  );

  return {
    show(set: OrthoSliceSet, window) {
      dims = set.dims;
      position = clampPosition(dims, set.position);
      for (const axis of AXES) {
        const { width, height } = set[axis];
        const old = images[axis];
        images[axis] = { width, height };
        // a volume of another size starts whole again (the worker resets its own view likewise)
        if (old && (old.width !== width || old.height !== height)) setView(axis, IDENTITY_VIEW);
      }
      const slices = { xy: copy(set.xy), xz: copy(set.xz), yz: copy(set.yz) };
      const transfer = AXES.map((a) => slices[a].data.buffer);
      send(api.show(Comlink.transfer({ dims, position, ...slices }, transfer), window));
    },
    setPosition,
    setColormap(name: ColormapName) {
      send(api.setColormap(name));
    },
    resetView(axis?: OrthoAxis) {
      for (const a of axis ? [axis] : AXES) setView(a, IDENTITY_VIEW);
    },
    zoomView(axis: OrthoAxis, factor: number) {
      const { width, height } = boxes[axis];
      setView(axis, zoomAbout(boxes[axis], views[axis], width / 2, height / 2, factor));
    },
    clear() {
      for (const axis of AXES) images[axis] = null;
      send(api.clear());
    },
    dispose() {
      failed = true;
      resize?.disconnect();
      for (const remove of listeners) remove();
      api[Comlink.releaseProxy]();
      worker.terminate();
      for (const c of Object.values(canvases)) c.remove();
    },
  };
}
