/**
 * Finished volumes on the main thread, keyed by volume id (the worker's, or one the page gave a result read
 * back from browser storage): never in the store. Bounded by bytes, least recently used first out, but the
 * two newest always stay; a kept result that went out is read back from browser storage (resultShelf.ts).
 */
import type { Volume } from '../core/types.ts';

export interface CachedVolume {
  volume: Volume;
  window: { lo: number; hi: number };
  /** cn: the trained networks' .wlcn file */
  network?: Uint8Array;
}

const MAX_BYTES = 512 * 2 ** 20;
const MIN_ENTRIES = 2;
const cache = new Map<number, CachedVolume>();
const bytesOf = (e: CachedVolume) => e.volume.data.byteLength + (e.network?.byteLength ?? 0);

export const volumeCache = {
  put(id: number, entry: CachedVolume): void {
    cache.delete(id);
    cache.set(id, entry);
    let total = [...cache.values()].reduce((s, e) => s + bytesOf(e), 0);
    for (const [old, e] of cache) {
      if (cache.size <= MIN_ENTRIES || total <= MAX_BYTES) break;
      cache.delete(old);
      total -= bytesOf(e);
    }
  },
  /** the entry, now the most recently used */
  get(id: number): CachedVolume | undefined {
    const e = cache.get(id);
    if (e) {
      cache.delete(id);
      cache.set(id, e);
    }
    return e;
  },
  delete(id: number): void {
    cache.delete(id);
  },
  clear(): void {
    cache.clear();
  },
};
