/**
 * One unit of thread work (a Y-slab against the views of a call) and the loop that runs it. Used by both
 * thread entries (projector.worker.ts for Web Workers, projector.node-worker.ts for worker_threads) and,
 * chunk by chunk with yields in between, by the single-thread path on the calling thread.
 */
import { COEF, type SlabData } from './kernels.ts';
import { backRows, forwardRows } from './rows.ts';

export interface TaskRequest {
  id: number;
  kind: 'back' | 'forward';
  data: SlabData;
  y0: number;
  y1: number;
  nz: number;
}

export type TaskReply =
  | { id: number; type: 'progress'; rows: number }
  /** `out` is data.vol (back) or data.det (forward); absent when it lives in shared memory */
  | { id: number; type: 'done'; rows: number; out?: Float32Array }
  | { id: number; type: 'error'; message: string };

/** One thread as the pool sees it (threads.node.ts, threads.browser.ts). */
export interface ThreadHandle {
  post(t: TaskRequest): void;
  /** set by the pool */
  onReply: (r: TaskReply) => void;
  onFailure: (message: string) => void;
  terminate(): void;
  /** Node: ref/unref so that idle threads do not keep the process alive */
  setBusy(busy: boolean): void;
}

/** About this many voxel updates between progress checks: ~10 ms of work at 0.2 G/s. */
const CHUNK_VOXEL_UPDATES = 2_000_000;

/** (y, zA, zB) row chunks of a task, each about CHUNK_VOXEL_UPDATES. */
export function* rowChunks(
  t: Pick<TaskRequest, 'data' | 'y0' | 'y1' | 'nz'>,
): Generator<[number, number, number]> {
  const nviews = Math.max(1, t.data.coef.length / COEF);
  const rowsPerChunk = Math.max(1, Math.floor(CHUNK_VOXEL_UPDATES / (t.data.nx * nviews)));
  for (let y = t.y0; y < t.y1; y++) {
    for (let z = 0; z < t.nz; z += rowsPerChunk) yield [y, z, Math.min(t.nz, z + rowsPerChunk)];
  }
}

export function runChunk(t: TaskRequest, y: number, zA: number, zB: number): void {
  if (t.kind === 'back') backRows(t.data, y, zA, zB);
  else forwardRows(t.data, y, zA, zB);
}

export function isShared(a: Float32Array): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}

/**
 * Runs a whole task synchronously (inside a thread), posting progress about every `progressMs`, and
 * returns the final reply. Results are structured-cloned, never transferred: see pool.ts (detach protector).
 */
export function runTask(t: TaskRequest, post: (reply: TaskReply) => void, progressMs = 100): TaskReply {
  try {
    let last = Date.now();
    let rows = 0;
    for (const [y, zA, zB] of rowChunks(t)) {
      runChunk(t, y, zA, zB);
      rows += zB - zA;
      const now = Date.now();
      if (now - last >= progressMs) {
        post({ id: t.id, type: 'progress', rows });
        rows = 0;
        last = now;
      }
    }
    const out = t.kind === 'back' ? t.data.vol : t.data.det;
    return isShared(out) ? { id: t.id, type: 'done', rows } : { id: t.id, type: 'done', rows, out };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { id: t.id, type: 'error', message };
  }
}
