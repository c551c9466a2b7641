/**
 * Starting a comlink worker with a main-thread fallback, shared by the io and recon clients: spawn the worker,
 * wait for its ping (or its load error, or a timeout), and otherwise load the same service on the main thread.
 * The `new Worker(new URL(...))` and the fallback's dynamic import stay in each client, where the bundler sees
 * them.
 */
import * as Comlink from 'comlink';

export type WorkerMode = 'worker' | 'main-thread';

export interface WorkerConnection<Api> {
  api: Api;
  mode: WorkerMode;
}

const WORKER_START_TIMEOUT_MS = 10_000;

export async function connectWorker<Api extends { ping(): Promise<unknown> }>(opts: {
  /** for the console warning: 'io', 'recon' */
  name: string;
  wantWorker: boolean;
  spawn: () => Worker;
  fallback: () => Promise<Api>;
}): Promise<WorkerConnection<Api>> {
  if (opts.wantWorker && typeof Worker !== 'undefined') {
    try {
      const worker = opts.spawn();
      const api = Comlink.wrap<Api>(worker) as unknown as Api;
      const failed = new Promise<never>((_, reject) => {
        worker.addEventListener('error', (e) => reject(new Error(e.message || 'worker failed to load')));
        setTimeout(() => reject(new Error('worker did not answer')), WORKER_START_TIMEOUT_MS);
      });
      await Promise.race([api.ping(), failed]);
      return { api, mode: 'worker' };
    } catch (e) {
      console.warn(`[wedgelab] ${opts.name} worker unavailable, using the main thread:`, e);
    }
  }
  return { api: await opts.fallback(), mode: 'main-thread' };
}

/**
 * Callbacks cross the worker boundary as comlink proxies; on the main thread they are plain functions.
 * Returns the function that wraps one callback for the connection's mode.
 */
export function callbackWrapper(
  connection: Promise<WorkerConnection<unknown>>,
): <F extends (arg: never) => void>(fn: F | undefined) => Promise<F | undefined> {
  return async <F extends (arg: never) => void>(fn: F | undefined): Promise<F | undefined> => {
    if (!fn) return undefined;
    return (await connection).mode === 'worker' ? (Comlink.proxy(fn) as unknown as F) : fn;
  };
}
