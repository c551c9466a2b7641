// Thread entry for browser Web Workers (bundled by Vite through threads.browser.ts). Wiring only.
import { runTask, type TaskRequest } from './task.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<TaskRequest>) => {
  scope.postMessage(runTask(e.data, (r) => scope.postMessage(r)));
};
