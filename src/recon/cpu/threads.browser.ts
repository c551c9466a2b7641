// Web Worker threads for the browser. The literal `new Worker(new URL(...), {type: 'module'})` is the
// pattern Vite recognises to bundle the entry (also inside a job worker: nested workers).
import type { TaskReply, TaskRequest, ThreadHandle } from './task.ts';

export function createBrowserThread(): ThreadHandle {
  const w = new Worker(new URL('./projector.worker.ts', import.meta.url), { type: 'module' });
  const handle: ThreadHandle = {
    post: (t: TaskRequest) => w.postMessage(t),
    onReply: () => {},
    onFailure: () => {},
    terminate: () => w.terminate(),
    setBusy: () => {},
  };
  w.onmessage = (e: MessageEvent<TaskReply>) => handle.onReply(e.data);
  w.onerror = (e: ErrorEvent) => handle.onFailure(e.message || 'a projector thread failed to start');
  w.onmessageerror = () => handle.onFailure('a projector thread could not read a message');
  return handle;
}

export function browserThreadCount(): number {
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 2);
}

/** 2^31 − 1: Firefox and Safari cap a typed array there (V8 allows more). */
export const BROWSER_MAX_ELEMENTS = 2 ** 31 - 1;
