// Node file access for the CLI: inputs are read range by range (a 4 GB stack is never read whole),
// outputs are written to OUT.tmp and renamed, so a failed job never leaves a half-written file.
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { WedgeLabError } from '../core/errors.ts';
import type { ByteSource } from '../io/mrc/types.ts';

/** A ByteSource over an open file handle plus the means to close it. */
export interface NodeSource extends ByteSource {
  close(): Promise<void>;
}

async function readFully(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(out, filled, length - filled, offset + filled);
    if (bytesRead === 0) break; // end of file (the file shrank under us)
    filled += bytesRead;
  }
  return filled === length ? out : out.subarray(0, filled);
}

export async function openNodeSource(path: string): Promise<NodeSource> {
  const handle = await open(path, 'r');
  try {
    const st = await handle.stat();
    if (st.isDirectory()) throw new WedgeLabError('bad-argument', `${path}: is a directory, expected a file`);
    const size = st.size;
    return {
      name: path,
      size,
      read(offset: number, length: number): Promise<Uint8Array> {
        const start = Math.max(0, Math.min(offset, size));
        const n = Math.max(0, Math.min(length, size - start));
        return readFully(handle, start, n);
      },
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * Opens `path` and runs `fn` on its bytes, transparently decompressed when .gz/.bz2 (by magic bytes);
 * the file is closed whatever happens.
 */
export async function withInput<T>(path: string, fn: (source: ByteSource) => Promise<T>): Promise<T> {
  const raw = await openNodeSource(path);
  try {
    const { maybeDecompress } = await import('../io/mrc/index.ts');
    return await fn(await maybeDecompress(raw));
  } finally {
    await raw.close();
  }
}

/** Writes `bytes` to `path` atomically: PATH.tmp first, then rename over PATH. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    if (e instanceof Error && (e as NodeJS.ErrnoException).path === tmp)
      (e as NodeJS.ErrnoException).path = path;
    throw e;
  }
}
