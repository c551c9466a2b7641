// Test helpers: build small MRC files byte by byte (any byte order, mode, extended header) and
// ByteSources that count what is read or invent bytes on demand. Used by the *.test.ts files only.
import { setFloat16 } from '@petamoriken/float16';
import { HEADER_BYTES, OFF } from './layout.ts';
import type { ByteSource } from './types.ts';

export interface RawSpec {
  nx: number;
  ny: number;
  nz: number;
  mode: number;
  littleEndian?: boolean;
  /** 4 bytes at 212; default the standard stamp for the byte order */
  stamp?: number[];
  axes?: [number, number, number];
  cella?: [number, number, number];
  mxyz?: [number, number, number];
  mapId?: boolean;
  exttyp?: string;
  nint?: number;
  nreal?: number;
  ext?: Uint8Array;
  /** data bytes as stored; default zeros of the declared size */
  data?: Uint8Array;
  labels?: string[];
}

export function bytesPerSection(mode: number, nx: number, ny: number): number {
  const perValue: Record<number, number> = { 0: 1, 1: 2, 2: 4, 6: 2, 12: 2, 3: 4, 4: 8 };
  return mode === 101 ? Math.ceil(nx / 2) * ny : (perValue[mode] ?? 4) * nx * ny;
}

export function buildMrc(s: RawSpec): Uint8Array {
  const le = s.littleEndian ?? true;
  const ext = s.ext ?? new Uint8Array(0);
  const dataBytes = s.data ?? new Uint8Array(bytesPerSection(s.mode, s.nx, s.ny) * s.nz);
  const out = new Uint8Array(HEADER_BYTES + ext.length + dataBytes.length);
  const v = new DataView(out.buffer);
  const i32 = (o: number, x: number) => v.setInt32(o, x, le);
  const f32 = (o: number, x: number) => v.setFloat32(o, x, le);
  [s.nx, s.ny, s.nz].forEach((n, i) => {
    i32(OFF.nx + 4 * i, n);
    i32(OFF.mx + 4 * i, s.mxyz?.[i] ?? n);
    f32(OFF.cella + 4 * i, s.cella?.[i] ?? n);
    f32(OFF.cellb + 4 * i, 90);
    i32(OFF.mapc + 4 * i, s.axes?.[i] ?? i + 1);
  });
  i32(OFF.mode, s.mode);
  i32(OFF.nsymbt, ext.length);
  i32(OFF.nversion, 20141);
  v.setInt16(OFF.nint, s.nint ?? 0, le);
  v.setInt16(OFF.nreal, s.nreal ?? 0, le);
  if (s.exttyp) for (let i = 0; i < 4; i++) out[OFF.exttyp + i] = s.exttyp.charCodeAt(i);
  if (s.mapId ?? true) out.set([0x4d, 0x41, 0x50, 0x20], OFF.map);
  out.set(s.stamp ?? (le ? [0x44, 0x44, 0, 0] : [0x11, 0x11, 0, 0]), OFF.machst);
  const labels = s.labels ?? [];
  i32(OFF.nlabl, labels.length);
  labels.forEach((l, i) => {
    for (let c = 0; c < l.length; c++) out[OFF.labels + 80 * i + c] = l.charCodeAt(c);
  });
  out.set(ext, HEADER_BYTES);
  out.set(dataBytes, HEADER_BYTES + ext.length);
  return out;
}

/** Values encoded in a mode's file representation (not for 101). */
export function encodeValues(mode: number, values: number[], littleEndian = true): Uint8Array {
  const size = bytesPerSection(mode, 1, 1);
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => {
    if (mode === 0) v.setInt8(i, x);
    else if (mode === 1) v.setInt16(2 * i, x, littleEndian);
    else if (mode === 6) v.setUint16(2 * i, x, littleEndian);
    else if (mode === 12) setFloat16(v, 2 * i, x, littleEndian);
    else v.setFloat32(4 * i, x, littleEndian);
  });
  return out;
}

/** Wraps a source and counts bytes and calls. */
export function countingSource(
  inner: ByteSource,
): ByteSource & { bytesRead: number; reads: number; largestRead: number } {
  const counted = {
    name: inner.name,
    size: inner.size,
    bytesRead: 0,
    reads: 0,
    largestRead: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const b = await inner.read(offset, length);
      counted.bytesRead += b.length;
      counted.reads++;
      counted.largestRead = Math.max(counted.largestRead, b.length);
      return b;
    },
  };
  return counted;
}

const PATTERN_BLOCK = 1 << 16;
const PATTERN = Uint8Array.from({ length: PATTERN_BLOCK + 7 }, (_, i) => 1 + (i % 7));

/** A source of `size` bytes whose first bytes are `head` and the rest made up on demand (value 1 + i % 7). */
export function syntheticSource(name: string, head: Uint8Array, size: number): ByteSource {
  return {
    name,
    size,
    read(offset: number, length: number): Promise<Uint8Array> {
      const start = Math.max(0, Math.min(size, offset));
      const end = Math.max(start, Math.min(size, offset + length));
      const out = new Uint8Array(end - start);
      for (let i = start; i < Math.min(end, head.length); i++) out[i - start] = head[i];
      // Copy a precomputed period-7 pattern in blocks (fast enough for 64 MB sections).
      for (let i = Math.max(start, head.length); i < end; i += PATTERN_BLOCK) {
        const n = Math.min(PATTERN_BLOCK, end - i);
        out.set(PATTERN.subarray(i % 7, (i % 7) + n), i - start);
      }
      return Promise.resolve(out);
    },
  };
}
