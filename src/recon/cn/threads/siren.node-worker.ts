// Network thread entry for Node worker_threads (loaded with tsx's loader, see cpu/threads.node.ts). Wiring only.
import { parentPort } from 'node:worker_threads';
import { runSirenTask, type SirenRequest } from './sirenTask.ts';

const port = parentPort;
if (!port) throw new Error('siren.node-worker.ts must run as a worker thread');
port.on('message', (t: SirenRequest) => port.postMessage(runSirenTask(t)));
