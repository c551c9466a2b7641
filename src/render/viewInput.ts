/**
 * Pointer, wheel and double-click input of one orthoslice view, shared by both renderers: a click picks a
 * point (the crosshair), a drag beyond DRAG_PX pans, shift+drag moves the crosshair continuously (the old
 * drag), the wheel zooms about the pointer and a double-click resets the view. Points are CSS pixels from
 * the view's padding box (where both renderers draw). No React here.
 */

/** A press that moves less than this (CSS px) is a click, not a pan. */
export const DRAG_PX = 4;

export interface ViewInputHandlers {
  pick(x: number, y: number): void;
  pan(dx: number, dy: number): void;
  zoom(x: number, y: number, deltaY: number): void;
  reset(): void;
}

/** Listens on `container`; returns the function that stops listening. */
export function attachViewInput(container: HTMLElement, h: ViewInputHandlers): () => void {
  let press: {
    id: number;
    x: number;
    y: number;
    lastX: number;
    lastY: number;
    mode: 'click' | 'pan' | 'pick';
  } | null = null;
  const local = (e: MouseEvent): [number, number] => {
    const r = container.getBoundingClientRect();
    return [e.clientX - r.left - container.clientLeft, e.clientY - r.top - container.clientTop];
  };
  const inView = (e: Event): boolean => !(e.target as Element | null)?.closest?.('button');

  const down = (e: PointerEvent): void => {
    if (e.button !== 0 || !inView(e)) return;
    const [x, y] = local(e);
    press = { id: e.pointerId, x, y, lastX: x, lastY: y, mode: e.shiftKey ? 'pick' : 'click' };
    container.setPointerCapture?.(e.pointerId);
    if (press.mode === 'pick') h.pick(x, y);
  };
  const move = (e: PointerEvent): void => {
    if (!press || press.id !== e.pointerId) return;
    const [x, y] = local(e);
    if (press.mode === 'pick') h.pick(x, y);
    else {
      if (press.mode === 'click' && Math.hypot(x - press.x, y - press.y) > DRAG_PX) press.mode = 'pan';
      if (press.mode === 'pan') h.pan(x - press.lastX, y - press.lastY);
    }
    press.lastX = x;
    press.lastY = y;
  };
  const up = (e: PointerEvent): void => {
    if (!press || press.id !== e.pointerId) return;
    if (press.mode === 'click' && e.type === 'pointerup') h.pick(press.x, press.y);
    press = null;
    if (container.hasPointerCapture?.(e.pointerId)) container.releasePointerCapture(e.pointerId);
  };
  const wheel = (e: WheelEvent): void => {
    e.preventDefault(); // the page must not scroll while the view zooms
    const [x, y] = local(e);
    const px = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? 400 : 1;
    h.zoom(x, y, e.deltaY * px);
  };
  const dbl = (e: MouseEvent): void => {
    if (inView(e)) h.reset();
  };

  const events: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointerdown', down as EventListener],
    ['pointermove', move as EventListener],
    ['pointerup', up as EventListener],
    ['pointercancel', up as EventListener],
    ['wheel', wheel as EventListener, { passive: false }],
    ['dblclick', dbl as EventListener],
  ];
  for (const [type, fn, o] of events) container.addEventListener(type, fn, o);
  return () => {
    for (const [type, fn] of events) container.removeEventListener(type, fn);
  };
}
