/** Raw section bytes → float32, for every readable mode and both byte orders; binning by block averages. */
import { getFloat16 } from '@petamoriken/float16';
import type { MrcMode } from './types.ts';

export interface DecodeSpec {
  mode: MrcMode;
  littleEndian: boolean;
  nx: number;
  /** mode 0 as uint8 instead of int8 */
  unsigned: boolean;
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A typed view when alignment and byte order allow one (the common case), else undefined. */
function fastView(bytes: Uint8Array, spec: DecodeSpec, count: number): ArrayLike<number> | undefined {
  const { mode, littleEndian } = spec;
  if (mode === 0) {
    return spec.unsigned ? bytes : new Int8Array(bytes.buffer, bytes.byteOffset, count);
  }
  if (littleEndian !== HOST_LE || (mode !== 1 && mode !== 2 && mode !== 6)) return undefined;
  const size = mode === 2 ? 4 : 2;
  const aligned = bytes.byteOffset % size === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset } = aligned;
  if (mode === 1) return new Int16Array(buffer, byteOffset, count);
  if (mode === 6) return new Uint16Array(buffer, byteOffset, count);
  return new Float32Array(buffer, byteOffset, count);
}

/**
 * Decodes `nrows` whole rows (each `nx` pixels, in file layout) from `bytes` into `out` starting at
 * `outOffset`. `bytes` must hold at least nrows rows.
 */
export function decodeRows(
  bytes: Uint8Array,
  spec: DecodeSpec,
  nrows: number,
  out: Float32Array,
  outOffset = 0,
): void {
  const { mode, littleEndian: le, nx } = spec;
  const count = nx * nrows;
  if (mode === 101) {
    const stride = Math.ceil(nx / 2);
    for (let r = 0; r < nrows; r++) {
      const row = r * stride;
      const o = outOffset + r * nx;
      for (let x = 0; x < nx; x++) {
        const b = bytes[row + (x >> 1)];
        out[o + x] = (x & 1) === 0 ? b & 0x0f : b >> 4;
      }
    }
    return;
  }
  const fast = fastView(bytes, spec, count);
  if (fast) {
    if (fast instanceof Float32Array) out.set(fast, outOffset);
    else for (let i = 0; i < count; i++) out[outOffset + i] = fast[i];
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (mode) {
    case 1:
      for (let i = 0; i < count; i++) out[outOffset + i] = view.getInt16(2 * i, le);
      return;
    case 6:
      for (let i = 0; i < count; i++) out[outOffset + i] = view.getUint16(2 * i, le);
      return;
    case 2:
      for (let i = 0; i < count; i++) out[outOffset + i] = view.getFloat32(4 * i, le);
      return;
    case 12:
      for (let i = 0; i < count; i++) out[outOffset + i] = getFloat16(view, 2 * i, le);
      return;
    default:
      // Complex modes are refused when the header is parsed.
      throw new Error(`decodeRows: mode ${mode} has no real decoding`);
  }
}

/**
 * Adds `nrows` rows of `rows` (width nx) starting at section row `y0` into the bin×bin block sums `acc`
 * (width floor(nx/bin)); rows past the last whole block are ignored.
 */
export function accumulateBinned(
  rows: Float32Array,
  nx: number,
  nrows: number,
  y0: number,
  bin: number,
  acc: Float64Array,
  outNy: number,
): void {
  const outNx = Math.floor(nx / bin);
  const usedNx = outNx * bin;
  for (let r = 0; r < nrows; r++) {
    const oy = Math.floor((y0 + r) / bin);
    if (oy >= outNy) break;
    const src = r * nx;
    const dst = oy * outNx;
    for (let x = 0; x < usedNx; x++) acc[dst + Math.floor(x / bin)] += rows[src + x];
  }
}
