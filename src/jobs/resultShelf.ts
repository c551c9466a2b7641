/**
 * The results a tab keeps, in browser storage so a reload keeps them: each one an MRC (float32, the bytes
 * Download MRC gives) and a JSON record beside it (dataset, recipe, timing, metrics), in the OPFS folder
 * `results/`, apart from the slab-mode files at the root that orphanedStorageFiles() tidies. The record is
 * written after the MRC, so a half-written result is never listed (and is deleted when the shelf is read).
 * ShelfStorage is the seam: the page uses the OPFS, unit tests a Map.
 */
import type { MetricsJobResult } from './reconTypes.ts';

/** What the page knows of a kept result without its volume. */
export interface KeptRecord {
  /** unique within the shelf, also the file stem */
  key: string;
  /** ms since the epoch */
  createdAt: number;
  dataset: string;
  method: string;
  /** the method's key parameters in one line, e.g. "radial:0.35,0.035 filter" */
  params: string;
  seconds: number;
  dims: { nx: number; ny: number; nz: number };
  /** the display window the worker chose */
  window: { lo: number; hi: number };
  /** the MRC's size in storage; 0 while not stored */
  bytes: number;
  /** against the simulated truth when there was one */
  metrics: MetricsJobResult | null;
  /** the recipe as run (JSON) */
  recipe: unknown;
  /** the rest of the page's summary (device, tilt axis, warnings, …), for showing it again */
  summary: Record<string, unknown>;
  /** a slab-mode result: its MRC is this file at the storage root (src/jobs/opfs.ts), not on the shelf */
  external?: string;
  /** a volume made elsewhere (src/ui/importResult.ts): its MRC is the file as imported (read permissively
   * when its writer was non-conforming); no recipe */
  imported?: { note: string; permissive?: true };
  /** the half-set FSC's crossings, once run */
  halfSet?: { fsc143PerPx: number | null; fsc05PerPx: number | null };
}

export interface ShelfStorage {
  write(name: string, bytes: Uint8Array): Promise<void>;
  read(name: string): Promise<Blob | null>;
  remove(name: string): Promise<void>;
  /** names with their sizes */
  list(): Promise<{ name: string; bytes: number }[]>;
}

const mrcName = (key: string) => `${key}.mrc`;
const recordName = (key: string) => `${key}.json`;

export function newResultKey(now = Date.now()): string {
  return `r${now.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

export interface ResultShelf {
  /** stores the volume's MRC (none for an external one), then its record; returns the record with its size */
  put(record: KeptRecord, mrc: Uint8Array | null): Promise<KeptRecord>;
  /** rewrites a record (e.g. with its half-set FSC) */
  update(record: KeptRecord): Promise<void>;
  /** every complete record, newest first; leftovers without a record are deleted */
  list(): Promise<KeptRecord[]>;
  mrc(key: string): Promise<Blob>;
  remove(key: string): Promise<void>;
}

export function createResultShelf(storage: ShelfStorage): ResultShelf {
  return {
    async put(record, mrc) {
      const kept = mrc ? { ...record, bytes: mrc.byteLength } : record;
      if (mrc) await storage.write(mrcName(record.key), mrc);
      await storage.write(recordName(record.key), new TextEncoder().encode(JSON.stringify(kept)));
      return kept;
    },
    async update(record) {
      await storage.write(recordName(record.key), new TextEncoder().encode(JSON.stringify(record)));
    },
    async list() {
      const files = await storage.list();
      const names = new Set(files.map((f) => f.name));
      const out: KeptRecord[] = [];
      for (const f of files) {
        if (f.name.endsWith('.mrc') && !names.has(f.name.replace(/\.mrc$/, '.json'))) {
          await storage.remove(f.name); // its tab stopped before the record was written
          continue;
        }
        if (!f.name.endsWith('.json')) continue;
        const blob = await storage.read(f.name);
        try {
          const r = JSON.parse(await blob!.text()) as KeptRecord;
          if (typeof r.key === 'string' && (names.has(mrcName(r.key)) || r.external)) out.push(r);
          else await storage.remove(f.name);
        } catch {
          await storage.remove(f.name); // not ours, or cut short
        }
      }
      return out.sort((a, b) => b.createdAt - a.createdAt);
    },
    async mrc(key) {
      const blob = await storage.read(mrcName(key));
      if (!blob) throw new Error('its file is gone from browser storage');
      return blob;
    },
    async remove(key) {
      await storage.remove(recordName(key));
      await storage.remove(mrcName(key));
    },
  };
}

/** The OPFS folder `results/` (asynchronous file API: the page's main thread may use it). */
export function opfsShelfStorage(): ShelfStorage | null {
  const sm = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (!sm || typeof sm.getDirectory !== 'function') return null;
  const dir = async () => (await sm.getDirectory()).getDirectoryHandle('results', { create: true });
  return {
    async write(name, bytes) {
      const handle = await (await dir()).getFileHandle(name, { create: true });
      const w = await handle.createWritable();
      await w.write(bytes as Uint8Array<ArrayBuffer>);
      await w.close();
    },
    async read(name) {
      try {
        return await (await (await dir()).getFileHandle(name)).getFile();
      } catch {
        return null;
      }
    },
    async remove(name) {
      try {
        await (await dir()).removeEntry(name);
      } catch {
        // not there: nothing to delete
      }
    },
    async list() {
      const out: { name: string; bytes: number }[] = [];
      const d = await dir();
      for await (const [name, h] of (
        d as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
      ).entries()) {
        if (h.kind === 'file') out.push({ name, bytes: (await (h as FileSystemFileHandle).getFile()).size });
      }
      return out;
    },
  };
}

/** A shelf in memory: the unit tests', and the page's where there is no OPFS (kept until the tab closes). */
export function memoryShelfStorage(): ShelfStorage {
  const files = new Map<string, Uint8Array>();
  return {
    async write(name, bytes) {
      files.set(name, bytes.slice());
    },
    async read(name) {
      const b = files.get(name);
      return b ? new Blob([b as Uint8Array<ArrayBuffer>]) : null;
    },
    async remove(name) {
      files.delete(name);
    },
    async list() {
      return [...files].map(([name, b]) => ({ name, bytes: b.byteLength }));
    },
  };
}
