// Thread entry for Node worker_threads (loaded with tsx's loader, see threads.node.ts). Wiring only.
import { parentPort } from 'node:worker_threads';
import { runTask, type TaskRequest } from './task.ts';

const port = parentPort;
if (!port) throw new Error('projector.node-worker.ts must run as a worker thread');
port.on('message', (t: TaskRequest) => {
  port.postMessage(runTask(t, (r) => port.postMessage(r)));
});
