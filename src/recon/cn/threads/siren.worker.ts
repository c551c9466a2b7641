// Network thread entry for browser Web Workers (bundled by Vite through sirenThreads.ts). Wiring only.
import { runSirenTask, type SirenRequest } from './sirenTask.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (e: MessageEvent<SirenRequest>) => scope.postMessage(runSirenTask(e.data));
