/**
 * Browser storage for slab-mode reconstructions: the Origin Private File System. In the recon worker a
 * file is written through a synchronous access handle (positional writes, header last); on the page it is
 * read back as a File (Download) and deleted. Kept thin: the slab job (reconSlabJob.ts) sees only the
 * SyncFile / SlabStorage interfaces, which tests implement in memory.
 */

/** The part of FileSystemSyncAccessHandle slab mode uses. */
export interface SyncFile {
  write(buffer: Uint8Array, options: { at: number }): number;
  read(buffer: Uint8Array, options: { at: number }): number;
  truncate(size: number): void;
  getSize(): number;
  flush(): void;
  close(): void;
}

export interface SlabStorage {
  /** creates (or empties) a file and opens it for positional reads and writes */
  open(name: string): Promise<SyncFile>;
  /** deletes a file; no error when it is not there */
  remove(name: string): Promise<void>;
  /** bytes still free, null when unknown */
  freeBytes(): Promise<number | null>;
  /** bytes held by WedgeLab's files already there (earlier results, or files a closed tab left) */
  storedBytes?(): Promise<number>;
}

/** Prefix of every file WedgeLab puts in browser storage. */
export const OPFS_PREFIX = 'wedgelab-';

function storageManager(): StorageManager | null {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return nav?.storage && typeof nav.storage.getDirectory === 'function' ? nav.storage : null;
}

export async function freeStorageBytes(): Promise<number | null> {
  const sm = storageManager();
  if (!sm?.estimate) return null;
  const { quota, usage } = await sm.estimate();
  return quota === undefined ? null : Math.max(0, quota - (usage ?? 0));
}

async function root(): Promise<FileSystemDirectoryHandle> {
  const sm = storageManager();
  if (!sm) throw new Error('this browser has no Origin Private File System (navigator.storage.getDirectory)');
  return sm.getDirectory();
}

export async function removeStorageFile(name: string): Promise<void> {
  try {
    await (await root()).removeEntry(name);
  } catch {
    // not there (or no OPFS): nothing to delete
  }
}

/** The OPFS as SlabStorage; synchronous access handles exist in dedicated workers only. */
export function opfsStorage(): SlabStorage {
  return {
    async open(name) {
      const handle = await (await root()).getFileHandle(name, { create: true });
      const file = await handle.createSyncAccessHandle();
      file.truncate(0);
      return file;
    },
    remove: removeStorageFile,
    freeBytes: freeStorageBytes,
    storedBytes: storedFileBytes,
  };
}

/** A fresh name for a result file (the page picks it, so it can hold the file's lock before the job). */
export function newStorageName(kind: string): string {
  const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `${OPFS_PREFIX}${kind}-${token}.mrc`;
}

/** The name WedgeLab's files accept from a request: our prefix, no path. */
export function isStorageName(name: string): boolean {
  return name.startsWith(OPFS_PREFIX) && !/[/\\]/.test(name) && name.length < 200;
}

function lockManager(): LockManager | null {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  return nav?.locks ?? null;
}

/** A file's lock: a result and the temporary files of the job that writes it share one. */
function lockName(file: string): string {
  return `wedgelab-file:${file.replace(/\.aligned\.tmp$/, '')}`;
}

/**
 * Holds a Web Lock on a file until `release()` is called or the tab closes (the browser then drops it), so
 * other tabs' cleanup leaves the file alone while this tab shows or writes it.
 */
export async function holdStorageFile(name: string): Promise<() => void> {
  const locks = lockManager();
  if (!locks) return () => {};
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((acquired) => {
    void locks.request(lockName(name), () => {
      acquired();
      return held;
    });
  });
  return release;
}

export interface StoredFileInfo {
  name: string;
  bytes: number;
  /** ms since the epoch */
  lastModified: number;
}

/**
 * WedgeLab's files that no open tab holds: results of tabs closed without Dismiss (or reloaded). Leftovers
 * of a job its tab never finished (temporary files, or a result without its MRC header, which is written
 * last) are deleted on the way; whole results are returned for the user to download or delete. Without
 * Web Locks nothing is listed (we could not tell whose files they are).
 */
export async function orphanedStorageFiles(): Promise<StoredFileInfo[]> {
  const locks = lockManager();
  if (!locks || !storageManager()) return [];
  const found: StoredFileInfo[] = [];
  const dir = await root();
  for (const name of await listStorageFiles()) {
    await locks.request(lockName(name), { ifAvailable: true }, async (lock) => {
      if (!lock) return;
      try {
        const file = await (await dir.getFileHandle(name)).getFile();
        if (name.endsWith('.mrc') && (await hasMrcStamp(file))) {
          found.push({ name, bytes: file.size, lastModified: file.lastModified });
        } else {
          await dir.removeEntry(name);
        }
      } catch {
        // open in a worker, or gone already
      }
    });
  }
  return found.sort((a, b) => b.lastModified - a.lastModified);
}

/** Whether a stored file starts with a finished MRC header ("MAP " at byte 208). */
async function hasMrcStamp(file: File): Promise<boolean> {
  if (file.size < 1024) return false;
  const stamp = new Uint8Array(await file.slice(208, 212).arrayBuffer());
  return String.fromCharCode(...stamp) === 'MAP ';
}

/** A stored file as a File (for Download); the worker must have closed its access handle. */
export async function storageFile(name: string): Promise<File> {
  return (await (await root()).getFileHandle(name)).getFile();
}

/** Names of WedgeLab's files in browser storage. */
export async function listStorageFiles(): Promise<string[]> {
  const dir = (await root()) as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
  const names: string[] = [];
  for await (const name of dir.keys()) if (name.startsWith(OPFS_PREFIX)) names.push(name);
  return names;
}

/** Total size of WedgeLab's files in browser storage (a file another worker is writing may be skipped). */
export async function storedFileBytes(): Promise<number> {
  let total = 0;
  try {
    const dir = await root();
    for (const name of await listStorageFiles()) {
      try {
        total += (await (await dir.getFileHandle(name)).getFile()).size;
      } catch {
        // gone, or locked by a running job
      }
    }
  } catch {
    // no OPFS
  }
  return total;
}
