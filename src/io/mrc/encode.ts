/**
 * MRC2014 encoding primitives shared by writeMrc and the streaming writer (little-endian). Integer modes
 * round to nearest and clamp to the type's range (NaN → 0); mode 12 clamps to ±65504 so nothing becomes
 * infinite. Header statistics are those of the values as stored, so `mrcfile-validate` agrees exactly.
 */
import { f16round, setFloat16 } from '@petamoriken/float16';
import { WedgeLabError } from '../../core/errors.ts';
import { HEADER_BYTES, LABEL_BYTES, MAX_DATA_BYTES, MAX_LABELS, OFF, fmtInt } from './layout.ts';
import type { MrcWriteMode, MrcWriteOptions } from './types.ts';

export const FEI1_RECORD_BYTES = 768;
const FLOAT16_MAX = 65504;

export const BYTES_PER_VALUE: Record<MrcWriteMode, number> = { 1: 2, 2: 4, 6: 2, 12: 2 };

/** What a header needs besides the options: sizes, voxel size and the stored values' statistics. */
export interface MrcHeaderSpec extends MrcWriteOptions {
  nx: number;
  ny: number;
  nz: number;
  /** [x, y, z] Å; 0 (or anything not > 0) = unknown, written as cell 0 */
  voxelSizeA: readonly number[];
}

export interface MrcStats {
  min: number;
  max: number;
  mean: number;
  rms: number;
}

export function convertValue(mode: MrcWriteMode, v: number): number {
  switch (mode) {
    case 2:
      return Math.fround(v);
    case 12:
      return Number.isNaN(v) ? v : f16round(Math.max(-FLOAT16_MAX, Math.min(FLOAT16_MAX, v)));
    case 1:
      return Number.isNaN(v) ? 0 : Math.max(-32768, Math.min(32767, Math.round(v)));
    case 6:
      return Number.isNaN(v) ? 0 : Math.max(0, Math.min(65535, Math.round(v)));
  }
}

/** Stores one already-converted value at byte `o`. */
export function storeValue(view: DataView, mode: MrcWriteMode, o: number, v: number): void {
  if (mode === 2) view.setFloat32(o, v, true);
  else if (mode === 12) setFloat16(view, o, v, true);
  else if (mode === 1) view.setInt16(o, v, true);
  else view.setUint16(o, v, true);
}

/** Sizes, mode and tilt count checked before anything is allocated; `who` names the caller in messages. */
export function checkHeaderSpec(spec: MrcHeaderSpec, who: string): void {
  const { nx, ny, nz } = spec;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new WedgeLabError(
      'bad-argument',
      `${who}: size ${nx}×${ny}×${nz} is invalid; sizes must be positive integers`,
    );
  }
  if (!(spec.mode in BYTES_PER_VALUE)) {
    throw new WedgeLabError(
      'bad-argument',
      `${who}: cannot write mode ${String(spec.mode)}; use 2, 12, 1 or 6`,
    );
  }
  if (nx * ny * nz * BYTES_PER_VALUE[spec.mode] > MAX_DATA_BYTES) {
    throw new WedgeLabError(
      'too-large',
      `${who}: ${fmtInt(nx * ny * nz)} voxels is beyond what WedgeLab writes`,
    );
  }
  if (spec.tiltAnglesDeg && spec.tiltAnglesDeg.length !== nz) {
    throw new WedgeLabError(
      'mismatch',
      `${who}: ${spec.tiltAnglesDeg.length} tilt angles for ${nz} sections; give one angle per section`,
    );
  }
}

/** Header + extended header bytes (the data start at this offset). */
export function dataOffsetOf(spec: MrcHeaderSpec): number {
  return HEADER_BYTES + (spec.tiltAnglesDeg ? FEI1_RECORD_BYTES * spec.nz : 0);
}

function asciiLabel(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, LABEL_BYTES)
    .trimEnd();
}

/** One FEI1 record per section: alpha tilt (deg) and, when known, pixel size (m), flagged in bitmask 1. */
function writeFei1(view: DataView, offset: number, tiltDeg: number, pixelSizeA: number): void {
  view.setInt32(offset, FEI1_RECORD_BYTES, true);
  view.setInt32(offset + 4, 1, true);
  // Bits 7 (alpha tilt), 14 and 15 (pixel size x, y); an unknown pixel size is left unflagged.
  const known = pixelSizeA > 0;
  view.setUint32(offset + 8, (1 << 7) | (known ? (1 << 14) | (1 << 15) : 0), true);
  view.setFloat64(offset + 100, tiltDeg, true);
  if (known) {
    view.setFloat64(offset + 156, pixelSizeA * 1e-10, true);
    view.setFloat64(offset + 164, pixelSizeA * 1e-10, true);
  }
}

/** The header and extended header (dataOffsetOf(spec) bytes) for data with statistics `stats`. */
export function encodeHeader(spec: MrcHeaderSpec, stats: MrcStats): Uint8Array {
  const { nx, ny, nz, mode } = spec;
  const tilts = spec.tiltAnglesDeg;
  const out = new Uint8Array(dataOffsetOf(spec));
  const view = new DataView(out.buffer);
  const i32 = (o: number, v: number) => view.setInt32(o, v, true);
  const f32 = (o: number, v: number) => view.setFloat32(o, v, true);
  // A voxel size of 0 (or anything not > 0) is unknown: cell 0, so readers see "unknown", not 1 Å.
  const voxel = [0, 1, 2].map((i) => {
    const a = spec.voxelSizeA[i];
    return a > 0 && Number.isFinite(a) ? a : 0;
  });
  [nx, ny, nz].forEach((v, i) => {
    i32(OFF.nx + 4 * i, v);
    i32(OFF.mx + 4 * i, v);
    f32(OFF.cella + 4 * i, v * voxel[i]);
    f32(OFF.cellb + 4 * i, 90);
    i32(OFF.mapc + 4 * i, i + 1);
    f32(OFF.origin + 4 * i, spec.origin?.[i] ?? 0);
  });
  i32(OFF.mode, mode);
  f32(OFF.dmin, stats.min);
  f32(OFF.dmax, stats.max);
  f32(OFF.dmean, stats.mean);
  f32(OFF.rms, stats.rms);
  // ispg 0 = image or image stack (tilt series), 1 = volume (MRC2014; mrcfile's is_volume()).
  const stack = spec.imageStack ?? (tilts !== undefined || nz === 1);
  i32(OFF.ispg, stack ? 0 : 1);
  i32(OFF.nsymbt, out.length - HEADER_BYTES);
  if (tilts) out.set([0x46, 0x45, 0x49, 0x31], OFF.exttyp); // 'FEI1'
  i32(OFF.nversion, 20141);
  out.set([0x4d, 0x41, 0x50, 0x20], OFF.map); // 'MAP '
  out.set([0x44, 0x44, 0x00, 0x00], OFF.machst);

  const program = spec.program.startsWith('wedgelab') ? spec.program : `wedgelab ${spec.program}`;
  // date null: no date, so a replay of the same recipe writes the same bytes
  const stamp = spec.date === null ? '' : ` ${(spec.date ?? new Date()).toISOString()}`;
  const labels = [`${program}${stamp}`, ...(spec.labels ?? [])]
    .map(asciiLabel)
    .filter((l) => l.length > 0)
    .slice(0, MAX_LABELS);
  i32(OFF.nlabl, labels.length);
  labels.forEach((label, i) => {
    const o = OFF.labels + i * LABEL_BYTES;
    for (let c = 0; c < label.length; c++) out[o + c] = label.charCodeAt(c);
    // Pad with spaces as mrcfile does, so validators see the text as one label.
    for (let c = label.length; c < LABEL_BYTES; c++) out[o + c] = 0x20;
  });

  if (tilts) tilts.forEach((t, k) => writeFei1(view, HEADER_BYTES + k * FEI1_RECORD_BYTES, t, voxel[0]));
  return out;
}
