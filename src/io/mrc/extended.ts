/**
 * Extended headers → per-section metadata. Layouts:
 * - FEI1/FEI2 (Thermo Fisher MRC2014 spec): one record per section, size in its first int32 (768 for
 *   FEI1, 888 for FEI2 v2); values in the file's byte order, bitmasks always little-endian; SI units.
 * - SerialEM/IMOD ('SERI', or nint = bytes per section and nreal = flags that add up to nint): int16 items
 *   in flag-bit order (IMOD mrc_format.txt).
 * - Agard ('AGAR' or nint ints then nreal floats per section, old FEI): first float is the tilt angle.
 * - CCP4 symmetry records, MRCO, HDF5: skipped.
 */
import type { MrcHeader, SectionMeta } from './types.ts';

const SKIPPED = new Set(['CCP4', 'MRCO', 'HDF5']);

/** [flag, bytes] for SerialEM items, in the order they are stored. */
const SERI_ITEMS: ReadonlyArray<[number, number]> = [
  [1, 2], // tilt angle × 100
  [2, 6], // montage piece coordinates x, y, z
  [4, 4], // stage x, y × 25
  [8, 2], // magnification / 100
  [16, 2], // intensity × 25000
  [32, 4], // exposure dose, e/Å², a float packed in two int16
  [64, 2],
  [128, 4],
  [256, 2],
  [512, 4],
  [1024, 2],
];

function seriBytes(flags: number): number {
  return SERI_ITEMS.reduce((sum, [flag, n]) => ((flags & flag) !== 0 ? sum + n : sum), 0);
}

/** SerialEM's float-in-two-shorts: (sign s1)(|s1|·256 + |s2| mod 256) · 2^((sign s2)(|s2| div 256)). */
function seriFloat(s1: number, s2: number): number {
  const mantissa = Math.sign(s1) * (Math.abs(s1) * 256 + (Math.abs(s2) % 256));
  return mantissa * 2 ** (Math.sign(s2) * Math.floor(Math.abs(s2) / 256));
}

function finite(v: number): number | undefined {
  return Number.isFinite(v) ? v : undefined;
}

function clean(meta: SectionMeta): SectionMeta {
  const out: SectionMeta = {};
  for (const [k, v] of Object.entries(meta) as [keyof SectionMeta, number | undefined][]) {
    if (v !== undefined && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

function parseFei(h: MrcHeader, ext: Uint8Array, warnings: string[]): SectionMeta[] {
  const view = new DataView(ext.buffer, ext.byteOffset, ext.byteLength);
  const le = h.littleEndian;
  const fallback = h.exttyp === 'FEI1' ? 768 : 888;
  let rec = ext.length >= 4 ? view.getInt32(0, le) : 0;
  if (!(rec >= 768 && rec <= ext.length)) {
    if (ext.length >= fallback)
      warnings.push(`${h.exttyp} record size ${rec} is invalid; assumed ${fallback} bytes`);
    rec = fallback;
  }
  const n = Math.min(h.nz, Math.floor(ext.length / rec));
  const out: SectionMeta[] = [];
  for (let k = 0; k < n; k++) {
    const o = k * rec;
    const bits1 = view.getUint32(o + 8, true);
    const bits2 = view.getUint32(o + 297, true);
    // Writers that leave the bitmasks at 0 still fill the values: then trust non-zero values.
    const has = (bits: number, bit: number, v: number) => (bits === 0 ? v !== 0 : (bits & (2 ** bit)) !== 0);
    const f64 = (off: number) => view.getFloat64(o + off, le);
    const dose = f64(92);
    const tilt = f64(100);
    const pixelM = f64(156);
    const defocusM = f64(220);
    const mag = f64(289);
    const exposure = rec >= 427 ? f64(419) : 0;
    out.push(
      clean({
        doseEA2: has(bits1, 6, dose) ? dose * 1e-20 : undefined,
        tiltAngleDeg: has(bits1, 7, tilt) ? tilt : undefined,
        pixelSizeA: has(bits1, 14, pixelM) && pixelM > 0 ? pixelM * 1e10 : undefined,
        defocusUm: has(bits1, 22, defocusM) ? defocusM * 1e6 : undefined,
        magnification: has(bits1, 31, mag) && mag > 0 ? mag : undefined,
        exposureS: has(bits2, 16, exposure) ? exposure : undefined,
      }),
    );
  }
  return out;
}

function parseSerialEm(h: MrcHeader, ext: Uint8Array): SectionMeta[] {
  const view = new DataView(ext.buffer, ext.byteOffset, ext.byteLength);
  const le = h.littleEndian;
  const rec = h.nint;
  const n = Math.min(h.nz, Math.floor(ext.length / rec));
  const out: SectionMeta[] = [];
  for (let k = 0; k < n; k++) {
    let o = k * rec;
    const meta: SectionMeta = {};
    for (const [flag, bytes] of SERI_ITEMS) {
      if ((h.nreal & flag) === 0) continue;
      const s = (i: number) => view.getInt16(o + 2 * i, le);
      if (flag === 1) meta.tiltAngleDeg = s(0) / 100;
      else if (flag === 8) meta.magnification = s(0) * 100;
      else if (flag === 32) meta.doseEA2 = finite(seriFloat(s(0), s(1)));
      o += bytes;
    }
    out.push(clean(meta));
  }
  return out;
}

function parseAgard(h: MrcHeader, ext: Uint8Array): SectionMeta[] {
  const view = new DataView(ext.buffer, ext.byteOffset, ext.byteLength);
  const le = h.littleEndian;
  const rec = 4 * (h.nint + h.nreal);
  const n = Math.min(h.nz, Math.floor(ext.length / rec));
  const out: SectionMeta[] = [];
  for (let k = 0; k < n; k++) {
    const real = (i: number) => view.getFloat32(k * rec + 4 * (h.nint + i), le);
    const meta: SectionMeta = { tiltAngleDeg: real(0) };
    // Pre-2014 FEI: 32 floats, [7] defocus m, [8] exposure s, [11] pixel size m, [12] magnification.
    if (h.nint === 0 && h.nreal >= 13) {
      const pixelM = real(11);
      if (pixelM > 0 && pixelM < 1e-6) meta.pixelSizeA = pixelM * 1e10;
      if (real(12) > 0) meta.magnification = real(12);
      if (real(8) > 0) meta.exposureS = real(8);
      if (real(7) !== 0 && Math.abs(real(7)) < 1e-3) meta.defocusUm = real(7) * 1e6;
    }
    out.push(clean(meta));
  }
  return out;
}

/** Per-section metadata from the extended header bytes; [] when there is none WedgeLab understands. */
export function parseExtendedHeader(h: MrcHeader, ext: Uint8Array): SectionMeta[] {
  if (ext.length === 0 || SKIPPED.has(h.exttyp)) return [];
  // An untyped extended header in a crystallographic map holds CCP4 symmetry records.
  if (h.exttyp === '' && h.ispg > 1 && h.ispg < 401) return [];
  if (h.exttyp === 'FEI1' || h.exttyp === 'FEI2') return parseFei(h, ext, h.warnings);
  const flagsOk = h.nint > 0 && h.nreal > 0 && (h.nreal & ~0x7ff) === 0 && seriBytes(h.nreal) === h.nint;
  if (flagsOk && h.exttyp !== 'AGAR') return parseSerialEm(h, ext);
  const agardOk = h.nint >= 0 && h.nreal >= 1 && 4 * (h.nint + h.nreal) * h.nz <= ext.length;
  if (agardOk && h.nreal <= 64 && h.nint <= 64) return parseAgard(h, ext);
  return [];
}

/** Per-section tilt angles from the extended header, only when every section has a finite one. */
export function sectionTiltAnglesDeg(file: {
  sections: readonly { tiltAngleDeg?: number }[];
  nsections: number;
}): number[] | undefined {
  const angles = file.sections.map((s) => s.tiltAngleDeg);
  if (angles.length === 0 || angles.length !== file.nsections) return undefined;
  return angles.every((a): a is number => typeof a === 'number' && Number.isFinite(a)) ? angles : undefined;
}
