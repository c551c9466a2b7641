/**
 * The only door to the io worker. Spawns workers/io.worker.ts (module worker, relative URL so the built app
 * works from any static server) and talks to it with comlink; falls back to the same service on the main
 * thread when Workers are unavailable or the worker fails to start (or when the page has ?worker=0).
 */
import * as Comlink from 'comlink';
import type { DataStats } from '../core/types.ts';
import { startJob, type Job } from './runner.ts';
import type { DatasetSummary, IoApi, ProgressFn, SectionData } from './types.ts';

export type IoMode = 'worker' | 'main-thread';

export interface IoClient {
  /** resolves once the worker answered (or the fallback was chosen) */
  readonly ready: Promise<IoMode>;
  openDemo(): Job<DatasetSummary>;
  openFiles(files: File[], onProgress?: ProgressFn): Job<DatasetSummary>;
  scanStats(datasetId: number, onProgress?: ProgressFn): Job<DataStats>;
  readSection(datasetId: number, k: number, bin?: number): Promise<SectionData>;
  close(datasetId: number): Promise<void>;
}

const WORKER_START_TIMEOUT_MS = 10_000;

function spawnWorker(): Worker {
  return new Worker(new URL('../../workers/io.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-io',
  });
}

async function connect(wantWorker: boolean): Promise<{ api: IoApi; mode: IoMode }> {
  if (wantWorker && typeof Worker !== 'undefined') {
    try {
      const worker = spawnWorker();
      const api = Comlink.wrap<IoApi>(worker) as unknown as IoApi;
      const failed = new Promise<never>((_, reject) => {
        worker.addEventListener('error', (e) => reject(new Error(e.message || 'worker failed to load')));
        setTimeout(() => reject(new Error('worker did not answer')), WORKER_START_TIMEOUT_MS);
      });
      await Promise.race([api.ping(), failed]);
      return { api, mode: 'worker' };
    } catch (e) {
      console.warn('[wedgelab] io worker unavailable, using the main thread:', e);
    }
  }
  const { createIoService } = await import('./ioService.ts');
  return { api: createIoService(), mode: 'main-thread' };
}

export function createIoClient(opts: { useWorker?: boolean } = {}): IoClient {
  const connection = connect(opts.useWorker ?? true);
  const api = (): Promise<IoApi> => connection.then((c) => c.api);
  // callbacks cross the worker boundary as comlink proxies; on the main thread they are plain functions
  const callback = async (fn: ProgressFn | undefined): Promise<ProgressFn | undefined> => {
    if (!fn) return undefined;
    return (await connection).mode === 'worker' ? Comlink.proxy(fn) : fn;
  };
  const cancel = async (jobId: number): Promise<void> => (await api()).cancel(jobId);

  return {
    ready: connection.then((c) => c.mode),
    openDemo: () => startJob('demo', async () => (await api()).openDemo(), cancel),
    openFiles: (files, onProgress) =>
      startJob(
        `opening ${files.map((f) => f.name).join(', ')}`,
        async (id) => (await api()).open(id, files, await callback(onProgress)),
        cancel,
      ),
    scanStats: (datasetId, onProgress) =>
      startJob(
        'scanning data',
        async (id) => (await api()).scanStats(id, datasetId, await callback(onProgress)),
        cancel,
      ),
    readSection: async (datasetId, k, bin) => (await api()).readSection(datasetId, k, bin),
    close: async (datasetId) => (await api()).close(datasetId),
  };
}
