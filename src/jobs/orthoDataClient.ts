/**
 * The page's side of the orthoslice data worker (orthoDataService.ts): it sends the shown volume there once,
 * in pieces of CHUNK_VALUES, each from a task of its own (a 200 MB volume copied in one postMessage would hold
 * the main thread for ~100 ms), then asks for thick slices and contrast statistics. The same service runs on
 * the main thread where Workers are unavailable.
 */
import * as Comlink from 'comlink';
import type { ContrastStats } from '../render/contrastStats.ts';
import type { OrthoDataApi } from './orthoDataService.ts';
import type { OrthoSlices, VolumeDims3, VoxelPos } from './orthoSlices.ts';
import { connectWorker } from './workerConnection.ts';

/** 2 M values (8 MB): a copy of about 2 ms on this machine's main thread. */
const CHUNK_VALUES = 2 * 2 ** 20;

export interface OrthoDataClient {
  /** Sends volume `id` (once; a second call with the same id does nothing). */
  load(id: number, volume: VolumeDims3 & { data: Float32Array }): Promise<void>;
  slabs(id: number, at: VoxelPos, thicknessPx: number): Promise<OrthoSlices | null>;
  stats(id: number): Promise<ContrastStats | null>;
}

function spawnWorker(): Worker {
  return new Worker(new URL('../../workers/orthoData.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-ortho-data',
  });
}

/** Yields to the event loop, so that each piece is copied in a task of its own. */
const nextTask = (): Promise<void> => new Promise((done) => setTimeout(done, 0));

export function createOrthoDataClient(): OrthoDataClient {
  const connection = connectWorker<OrthoDataApi>({
    name: 'ortho data',
    wantWorker: true,
    spawn: spawnWorker,
    fallback: async () => (await import('./orthoDataService.ts')).createOrthoDataService(),
  });
  const api = (): Promise<OrthoDataApi> => connection.then((c) => c.api);
  let loading: { id: number; done: Promise<void> } | null = null;

  const send = async (id: number, volume: VolumeDims3 & { data: Float32Array }): Promise<void> => {
    const a = await api();
    const { nx, ny, nz, data } = volume;
    await a.begin(id, { nx, ny, nz });
    for (let offset = 0; offset < data.length; offset += CHUNK_VALUES) {
      if (loading?.id !== id) return; // another volume was shown meanwhile
      await nextTask();
      const chunk = data.slice(offset, offset + CHUNK_VALUES);
      void a.put(id, offset, Comlink.transfer(chunk, [chunk.buffer]));
    }
  };

  return {
    load(id, volume) {
      if (loading?.id === id) return loading.done;
      const entry = { id, done: Promise.resolve() };
      loading = entry;
      entry.done = send(id, volume);
      return entry.done;
    },
    async slabs(id, at, thicknessPx) {
      await loading?.done;
      return (await api()).slabs(id, at, thicknessPx);
    },
    async stats(id) {
      await loading?.done;
      return (await api()).stats(id);
    },
  };
}
