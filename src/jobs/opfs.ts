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
