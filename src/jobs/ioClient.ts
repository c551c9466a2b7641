/**
 * The only door to the io worker. Spawns workers/io.worker.ts (module worker, relative URL so the built app
 * works from any static server) and talks to it with comlink; falls back to the same service on the main
 * thread when Workers are unavailable or the worker fails to start (or when the page has ?worker=0).
 */
import type { DataStats } from '../core/types.ts';
import { startJob, type Job } from './runner.ts';
import { callbackWrapper, connectWorker, type WorkerMode } from './workerConnection.ts';
import type { DatasetSummary, IoApi, ProgressFn, SectionData } from './types.ts';

export type IoMode = WorkerMode;

export interface IoClient {
  /** resolves once the worker answered (or the fallback was chosen) */
  readonly ready: Promise<IoMode>;
  openDemo(): Job<DatasetSummary>;
  openFiles(files: File[], onProgress?: ProgressFn, opts?: { permissive?: boolean }): Job<DatasetSummary>;
  scanStats(datasetId: number, onProgress?: ProgressFn): Job<DataStats>;
  readSection(datasetId: number, k: number, bin?: number): Promise<SectionData>;
  close(datasetId: number): Promise<void>;
}

function spawnWorker(): Worker {
  return new Worker(new URL('../../workers/io.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-io',
  });
}

export function createIoClient(opts: { useWorker?: boolean } = {}): IoClient {
  const connection = connectWorker<IoApi>({
    name: 'io',
    wantWorker: opts.useWorker ?? true,
    spawn: spawnWorker,
    fallback: async () => (await import('./ioService.ts')).createIoService(),
  });
  const api = (): Promise<IoApi> => connection.then((c) => c.api);
  const callback = callbackWrapper(connection);
  const cancel = async (jobId: number): Promise<void> => (await api()).cancel(jobId);

  return {
    ready: connection.then((c) => c.mode),
    openDemo: () => startJob('demo', async () => (await api()).openDemo(), cancel),
    openFiles: (files, onProgress, opts) =>
      startJob(
        `opening ${files.map((f) => f.name).join(', ')}`,
        async (id) => (await api()).open(id, files, await callback(onProgress), opts),
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
