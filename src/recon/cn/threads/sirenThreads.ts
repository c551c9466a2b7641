// Starting network threads: Node worker_threads or (nested) Web Workers, one message channel each.
import { isNode } from '../../cpu/pool.ts';
import type { SirenReply, SirenRequest } from './sirenTask.ts';

export interface SirenThread {
  call(t: SirenRequest): Promise<SirenReply>;
  terminate(): void;
}

const NODE_ENTRY = './siren.node-worker.ts';

export async function startSirenThread(): Promise<SirenThread> {
  let pending: ((r: SirenReply) => void) | undefined;
  let failed: string | undefined;
  const reply = (r: SirenReply) => {
    const p = pending;
    pending = undefined;
    p?.(r);
  };
  const fail = (message: string) => {
    failed = message;
    reply({ kind: 'error', message });
  };
  let post: (t: SirenRequest) => void;
  let terminate: () => void;
  let busy: (b: boolean) => void = () => {};
  if (isNode()) {
    const { startNodeWorker } = await import('../../cpu/threads.node.ts');
    const w = await startNodeWorker(new URL(NODE_ENTRY, import.meta.url).href);
    w.on('message', reply);
    w.on('error', (e: Error) => fail(`network thread failed: ${e.message}`));
    post = (t) => w.postMessage(t);
    terminate = () => void w.terminate();
    busy = (b) => (b ? w.ref() : w.unref());
  } else {
    const w = new Worker(new URL('./siren.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<SirenReply>) => reply(e.data);
    w.onerror = (e: ErrorEvent) => fail(`network thread failed: ${e.message || 'could not start'}`);
    post = (t) => w.postMessage(t);
    terminate = () => w.terminate();
  }
  return {
    call(t) {
      if (failed) return Promise.resolve({ kind: 'error', message: failed });
      busy(true);
      return new Promise<SirenReply>((resolve) => {
        pending = (r) => {
          busy(false);
          resolve(r);
        };
        post(t);
      });
    },
    terminate,
  };
}
