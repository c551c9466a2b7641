/**
 * Section reads for a viewer: at most one read in flight, and only the latest request is served next
 * (dragging a slider across 60 views of a 4k stack must not queue 60 reads). A small cache keeps
 * recently shown sections, bounded in bytes.
 */
import type { IoClient } from './ioClient.ts';
import type { SectionData } from './types.ts';

export interface SectionRequest {
  datasetId: number;
  k: number;
  bin: number;
}

export type SectionCallback = (result: { section: SectionData } | { error: unknown }) => void;

export interface SectionLoader {
  /** ask for a section; `done` is called once, unless a newer request replaced this one first */
  request(req: SectionRequest, done: SectionCallback): void;
  /** forget cached sections of a dataset */
  forget(datasetId: number): void;
}

const key = (r: SectionRequest): string => `${r.datasetId}:${r.k}:${r.bin}`;

export function createSectionLoader(client: IoClient, maxCacheBytes = 64 * 2 ** 20): SectionLoader {
  const cache = new Map<string, SectionData>();
  let cacheBytes = 0;
  let busy = false;
  let pending: { req: SectionRequest; done: SectionCallback } | null = null;

  const remember = (req: SectionRequest, section: SectionData): void => {
    cache.set(key(req), section);
    cacheBytes += section.data.byteLength;
    for (const [k, s] of cache) {
      if (cacheBytes <= maxCacheBytes || cache.size <= 1) break;
      cache.delete(k);
      cacheBytes -= s.data.byteLength;
    }
  };

  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    while (pending) {
      const { req, done } = pending;
      pending = null;
      const cached = cache.get(key(req));
      if (cached) {
        cache.delete(key(req));
        cache.set(key(req), cached);
        done({ section: cached });
        continue;
      }
      try {
        const section = await client.readSection(req.datasetId, req.k, req.bin);
        remember(req, section);
        done({ section });
      } catch (error) {
        done({ error });
      }
    }
    busy = false;
  };

  return {
    request(req, done) {
      pending = { req, done };
      void pump();
    },
    forget(datasetId) {
      for (const [k, s] of cache) {
        if (k.startsWith(`${datasetId}:`)) {
          cache.delete(k);
          cacheBytes -= s.data.byteLength;
        }
      }
    },
  };
}
