/**
 * Finished volumes on the main thread, keyed by the worker's volume id: never in the store. Bounded: the
 * oldest entries go first (a volume is also kept in the worker, for metrics).
 */
import type { Volume } from '../core/types.ts';

export interface CachedVolume {
  volume: Volume;
  window: { lo: number; hi: number };
  /** cn: the trained networks' .wlcn file */
  network?: Uint8Array;
}

const MAX_ENTRIES = 2;
const cache = new Map<number, CachedVolume>();

export const volumeCache = {
  put(id: number, entry: CachedVolume): void {
    cache.delete(id);
    cache.set(id, entry);
    for (const old of cache.keys()) {
      if (cache.size <= MAX_ENTRIES) break;
      cache.delete(old);
    }
  },
  get(id: number): CachedVolume | undefined {
    return cache.get(id);
  },
  delete(id: number): void {
    cache.delete(id);
  },
  clear(): void {
    cache.clear();
  },
};
