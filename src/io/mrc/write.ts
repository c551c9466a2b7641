/**
 * MRC2014 writer (little-endian). Integer modes round to nearest and clamp to the type's range (NaN → 0);
 * mode 12 clamps to ±65504 so nothing becomes infinite. Header statistics are computed from the values
 * as stored, so `mrcfile-validate` agrees with them exactly.
 */
import { f16round, setFloat16 } from '@petamoriken/float16';
import { WedgeLabError } from '../../core/errors.ts';
import type { Volume } from '../../core/types.ts';
import { HEADER_BYTES, LABEL_BYTES, MAX_DATA_BYTES, MAX_LABELS, OFF, fmtInt } from './layout.ts';
import type { MrcWriteMode, MrcWriteOptions } from './types.ts';

const FEI1_RECORD_BYTES = 768;
const FLOAT16_MAX = 65504;

const BYTES_PER_VALUE: Record<MrcWriteMode, number> = { 1: 2, 2: 4, 6: 2, 12: 2 };

function convertValue(mode: MrcWriteMode, v: number): number {
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

function asciiLabel(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, LABEL_BYTES)
    .trimEnd();
}

function checkVolume(volume: Volume, opts: MrcWriteOptions): void {
  const { nx, ny, nz, data } = volume;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new WedgeLabError(
      'bad-argument',
      `writeMrc: size ${nx}×${ny}×${nz} is invalid; sizes must be positive integers`,
    );
  }
  if (data.length !== nx * ny * nz) {
    throw new WedgeLabError(
      'mismatch',
      `writeMrc: ${nx}×${ny}×${nz} needs ${nx * ny * nz} values but data has ${data.length}`,
    );
  }
  if (!(opts.mode in BYTES_PER_VALUE)) {
    throw new WedgeLabError(
      'bad-argument',
      `writeMrc: cannot write mode ${String(opts.mode)}; use 2, 12, 1 or 6`,
    );
  }
  if (nx * ny * nz * BYTES_PER_VALUE[opts.mode] > MAX_DATA_BYTES) {
    throw new WedgeLabError(
      'too-large',
      `writeMrc: ${fmtInt(nx * ny * nz)} voxels is beyond what WedgeLab writes`,
    );
  }
  if (opts.tiltAnglesDeg && opts.tiltAnglesDeg.length !== nz) {
    throw new WedgeLabError(
      'mismatch',
      `writeMrc: ${opts.tiltAnglesDeg.length} tilt angles for ${nz} sections; give one angle per section`,
    );
  }
}

/** One FEI1 record per section: alpha tilt (deg) and pixel size (m), flagged in bitmask 1. */
function writeFei1(view: DataView, offset: number, tiltDeg: number, pixelSizeA: number): void {
  view.setInt32(offset, FEI1_RECORD_BYTES, true);
  view.setInt32(offset + 4, 1, true);
  // Bits 7 (alpha tilt), 14 and 15 (pixel size x, y).
  view.setUint32(offset + 8, (1 << 7) | (1 << 14) | (1 << 15), true);
  view.setFloat64(offset + 100, tiltDeg, true);
  view.setFloat64(offset + 156, pixelSizeA * 1e-10, true);
  view.setFloat64(offset + 164, pixelSizeA * 1e-10, true);
}

/** Serialises a volume (or a tilt series stacked along z) to MRC2014 bytes. */
export function writeMrc(volume: Volume, opts: MrcWriteOptions): Uint8Array {
  checkVolume(volume, opts);
  const { nx, ny, nz, data } = volume;
  const mode = opts.mode;
  const n = data.length;
  const tilts = opts.tiltAnglesDeg;
  const extBytes = tilts ? FEI1_RECORD_BYTES * nz : 0;
  const dataOffset = HEADER_BYTES + extBytes;
  const out = new Uint8Array(dataOffset + n * BYTES_PER_VALUE[mode]);
  const view = new DataView(out.buffer);

  // Data first: the statistics are those of the stored values.
  let lo = Infinity;
  let hi = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const v = convertValue(mode, data[i]);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    sum += v;
    sumSq += v * v;
    const o = dataOffset + i * BYTES_PER_VALUE[mode];
    if (mode === 2) view.setFloat32(o, v, true);
    else if (mode === 12) setFloat16(view, o, v, true);
    else if (mode === 1) view.setInt16(o, v, true);
    else view.setUint16(o, v, true);
  }
  const mean = sum / n;
  const rms = Math.sqrt(Math.max(0, sumSq / n - mean * mean));

  const i32 = (o: number, v: number) => view.setInt32(o, v, true);
  const f32 = (o: number, v: number) => view.setFloat32(o, v, true);
  const voxel = volume.voxelSizeA;
  [nx, ny, nz].forEach((v, i) => {
    i32(OFF.nx + 4 * i, v);
    i32(OFF.mx + 4 * i, v);
    f32(OFF.cella + 4 * i, v * voxel[i]);
    f32(OFF.cellb + 4 * i, 90);
    i32(OFF.mapc + 4 * i, i + 1);
    f32(OFF.origin + 4 * i, opts.origin?.[i] ?? 0);
  });
  i32(OFF.mode, mode);
  f32(OFF.dmin, lo);
  f32(OFF.dmax, hi);
  f32(OFF.dmean, mean);
  f32(OFF.rms, rms);
  // ispg 0 = image or image stack (tilt series), 1 = volume (MRC2014; mrcfile's is_volume()).
  const stack = opts.imageStack ?? (tilts !== undefined || nz === 1);
  i32(OFF.ispg, stack ? 0 : 1);
  i32(OFF.nsymbt, extBytes);
  if (tilts) out.set([0x46, 0x45, 0x49, 0x31], OFF.exttyp); // 'FEI1'
  i32(OFF.nversion, 20141);
  out.set([0x4d, 0x41, 0x50, 0x20], OFF.map); // 'MAP '
  out.set([0x44, 0x44, 0x00, 0x00], OFF.machst);

  const program = opts.program.startsWith('wedgelab') ? opts.program : `wedgelab ${opts.program}`;
  const labels = [`${program} ${(opts.date ?? new Date()).toISOString()}`, ...(opts.labels ?? [])]
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
