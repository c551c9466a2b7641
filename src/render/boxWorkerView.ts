/**
 * The main thread's side of the 3D box view: one canvas whose control goes to the box worker
 * (workers/box.worker.ts → render/boxRenderService.ts), its size (a ResizeObserver), and input: a drag
 * orbits, the wheel zooms, a double-click resets, and in the focused view the arrow keys orbit, + − zoom
 * and 0 resets. Only orbits and slices cross to the worker; every main-thread step is a few arithmetic
 * operations and one postMessage. Why a worker: see render/orthoWorkerViews.ts (SwiftShader's read-back).
 */
import * as Comlink from 'comlink';
import type { BoxRenderApi } from './boxRenderService.ts';
import {
  DEFAULT_ORBIT,
  DRAG_DEG_PER_PX,
  orbitAfterKey,
  orbitBy,
  wheelZoom,
  zoomBy,
  type Orbit,
} from './boxModel.ts';
import type { ColormapName } from './colormap.ts';
import type { GrayWindow, OrthoSliceSet, SliceImage } from './orthoModel.ts';
import { canRenderInWorker } from './orthoWorkerViews.ts';

export interface BoxView {
  show(set: OrthoSliceSet, window: GrayWindow): void;
  clear(): void;
  setColormap(name: ColormapName): void;
  resetOrbit(): void;
  dispose(): void;
}

export interface BoxViewHooks {
  /** the worker draws */
  onReady(): void;
  /** it cannot (no OffscreenCanvas transfer, no WebGL2 in a worker, or the worker failed): say why */
  onFailure(reason: string): void;
  /** the camera moved (the pane names the view's angle) */
  onOrbit?(orbit: Orbit): void;
}

function spawnBoxWorker(): Worker {
  return new Worker(new URL('../../workers/box.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-box',
  });
}

const copy = (s: SliceImage): SliceImage => ({ width: s.width, height: s.height, data: s.data.slice() });

/** Below this many CSS px a press is a click (it focuses the view), not an orbit. */
const DRAG_PX = 3;

export function createBoxView(container: HTMLElement, hooks: BoxViewHooks): BoxView {
  if (!canRenderInWorker()) {
    hooks.onFailure('this browser cannot hand a canvas to a worker (no OffscreenCanvas)');
    return { show() {}, clear() {}, setColormap() {}, resetOrbit() {}, dispose() {} };
  }
  let failed = false;
  let orbit = DEFAULT_ORBIT;
  const canvas = document.createElement('canvas');
  canvas.className = 'slice-canvas webgl';
  container.appendChild(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const worker = spawnBoxWorker();
  const api = Comlink.wrap<BoxRenderApi>(worker);
  const fail = (reason: string): void => {
    if (failed) return;
    failed = true;
    hooks.onFailure(reason);
  };
  const send = (call: Promise<unknown>): void => void call.catch((e) => fail(String(e)));
  worker.addEventListener('error', (e) => fail(e.message || 'the box worker failed to load'));
  api
    .init(Comlink.transfer(offscreen, [offscreen]))
    .then((reason) => (reason === null ? hooks.onReady() : fail(reason)))
    .catch((e) => fail(String(e)));

  const resize =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(([e]) => {
          const box = { width: Math.round(e.contentRect.width), height: Math.round(e.contentRect.height) };
          send(api.resize(box, Math.min(2, globalThis.devicePixelRatio || 1)));
        });
  resize?.observe(canvas);

  const setOrbit = (o: Orbit): void => {
    orbit = o;
    send(api.setOrbit(o));
    hooks.onOrbit?.(o);
  };

  let press: { id: number; x: number; y: number; dragging: boolean } | null = null;
  const onButton = (e: Event): boolean => !!(e.target as Element | null)?.closest?.('button');
  const down = (e: PointerEvent): void => {
    if (e.button !== 0 || onButton(e)) return;
    press = { id: e.pointerId, x: e.clientX, y: e.clientY, dragging: false };
    container.setPointerCapture?.(e.pointerId);
  };
  const move = (e: PointerEvent): void => {
    if (!press || press.id !== e.pointerId) return;
    const dx = e.clientX - press.x;
    const dy = e.clientY - press.y;
    if (!press.dragging && Math.hypot(dx, dy) <= DRAG_PX) return;
    press.dragging = true;
    press.x = e.clientX;
    press.y = e.clientY;
    // drag right turns the box right (the camera left); drag down looks from higher up
    setOrbit(orbitBy(orbit, -dx * DRAG_DEG_PER_PX, dy * DRAG_DEG_PER_PX));
  };
  const up = (e: PointerEvent): void => {
    if (!press || press.id !== e.pointerId) return;
    press = null;
    if (container.hasPointerCapture?.(e.pointerId)) container.releasePointerCapture(e.pointerId);
  };
  const wheel = (e: WheelEvent): void => {
    e.preventDefault(); // the page must not scroll while the view zooms
    const px = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 400 : 1;
    setOrbit(zoomBy(orbit, wheelZoom(e.deltaY * px)));
  };
  const key = (e: KeyboardEvent): void => {
    if (e.target !== container || e.altKey || e.ctrlKey || e.metaKey) return;
    const next = orbitAfterKey(orbit, e.key);
    if (!next) return;
    e.preventDefault();
    setOrbit(next);
  };
  const dbl = (e: MouseEvent): void => {
    if (!onButton(e)) setOrbit(DEFAULT_ORBIT);
  };
  const events: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointerdown', down as EventListener],
    ['pointermove', move as EventListener],
    ['pointerup', up as EventListener],
    ['pointercancel', up as EventListener],
    ['wheel', wheel as EventListener, { passive: false }],
    ['keydown', key as EventListener],
    ['dblclick', dbl as EventListener],
  ];
  for (const [type, fn, o] of events) container.addEventListener(type, fn, o);

  return {
    show(set, window) {
      const slices = { xy: copy(set.xy), xz: copy(set.xz), yz: copy(set.yz) };
      const transfer = [slices.xy.data.buffer, slices.xz.data.buffer, slices.yz.data.buffer];
      const payload = { dims: set.dims, position: set.position, ...slices };
      send(api.show(Comlink.transfer(payload, transfer), window));
    },
    clear() {
      send(api.clear());
    },
    setColormap(name) {
      send(api.setColormap(name));
    },
    resetOrbit() {
      setOrbit(DEFAULT_ORBIT);
    },
    dispose() {
      failed = true;
      resize?.disconnect();
      for (const [type, fn] of events) container.removeEventListener(type, fn);
      api[Comlink.releaseProxy]();
      worker.terminate();
      canvas.remove();
    },
  };
}
