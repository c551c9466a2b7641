/**
 * ByteSources: random access to a file without holding it whole (Blob in the browser, bytes in tests),
 * and transparent .gz/.bz2 input detected by magic bytes.
 */
import { gunzipSync } from 'fflate';
import { WedgeLabError } from '../../core/errors.ts';
import type { ByteSource } from './types.ts';

/** Compressed streams cannot be read section by section, so they are inflated whole; cap the input. */
const MAX_COMPRESSED_BYTES = 2 ** 31;

function clampRange(size: number, offset: number, length: number): [number, number] {
  const start = Math.max(0, Math.min(size, Math.floor(offset)));
  const end = Math.max(start, Math.min(size, Math.floor(offset + length)));
  return [start, end];
}

export function bytesSource(bytes: Uint8Array, name: string): ByteSource {
  return {
    name,
    size: bytes.length,
    read(offset: number, length: number): Promise<Uint8Array> {
      const [start, end] = clampRange(bytes.length, offset, length);
      return Promise.resolve(bytes.subarray(start, end));
    },
  };
}

/** A Blob/File read by slices: only the requested range is ever loaded. */
export function blobSource(blob: Blob, name?: string): ByteSource {
  const fileName = name ?? ((blob as Partial<File>).name || 'blob');
  return {
    name: fileName,
    size: blob.size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const [start, end] = clampRange(blob.size, offset, length);
      if (end === start) return new Uint8Array(0);
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    },
  };
}

/** Growing byte sink for seek-bzip's decoded output. */
class ByteSink {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  writeByte(byte: number): void {
    if (this.n === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = byte;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

async function bunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // seek-bzip allocates with Node's Buffer; browsers and workers get the `buffer` package's twin
  const g = globalThis as { Buffer?: unknown };
  if (g.Buffer === undefined) g.Buffer = (await import('buffer')).Buffer;
  const { default: Bunzip } = await import('seek-bzip');
  const sink = new ByteSink();
  Bunzip.decode(bytes, sink, true);
  return sink.bytes();
}

function why(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** Returns a source over the decompressed bytes when `source` is gzip or bzip2, else `source` itself. */
export async function maybeDecompress(source: ByteSource): Promise<ByteSource> {
  const magic = await source.read(0, 3);
  const isGzip = magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const isBzip2 = magic.length >= 3 && magic[0] === 0x42 && magic[1] === 0x5a && magic[2] === 0x68;
  if (!isGzip && !isBzip2) return source;
  const kind = isGzip ? 'gzip' : 'bzip2';
  if (source.size > MAX_COMPRESSED_BYTES) {
    throw new WedgeLabError(
      'too-large',
      `${source.name}: ${kind} file of ${source.size} bytes is too large to decompress in memory; decompress it first (e.g. ${isGzip ? 'gunzip' : 'bunzip2'}) and open the .mrc`,
    );
  }
  const packed = await source.read(0, source.size);
  let bytes: Uint8Array;
  try {
    bytes = isGzip ? gunzipSync(packed) : await bunzip(packed);
  } catch (e) {
    throw new WedgeLabError(
      'bad-header',
      `${source.name}: could not decompress ${kind} data (${why(e)}); is the file complete?`,
    );
  }
  return bytesSource(bytes, source.name);
}
