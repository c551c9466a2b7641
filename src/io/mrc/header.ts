/**
 * The 1024-byte MRC header: byte order (stamp or heuristic), fields, and every sanity check that turns
 * a bad file into one WedgeLabError line instead of a wrong volume.
 */
import { WedgeLabError } from '../../core/errors.ts';
import {
  HEADER_BYTES,
  IMOD_STAMP,
  LABEL_BYTES,
  MAX_DATA_BYTES,
  MAX_LABELS,
  OFF,
  fmtInt,
  isKnownMode,
  modeName,
  rowBytes,
} from './layout.ts';
import type { MrcHeader, MrcMode, MrcReadOptions } from './types.ts';

function hex(b: ArrayLike<number>): string {
  return Array.from(b, (v) => '0x' + v.toString(16).padStart(2, '0')).join(' ');
}

/** Most bytes printable ASCII: a text file (a .tlt, an .mdoc, an HTML error page) given as an MRC. */
function looksLikeText(b: Uint8Array): boolean {
  if (b.length === 0) return false;
  let printable = 0;
  for (const v of b) if ((v >= 0x20 && v < 0x7f) || v === 0x09 || v === 0x0a || v === 0x0d) printable++;
  return printable / b.length > 0.95;
}

function textStart(b: Uint8Array): string {
  const s = String.fromCharCode(...b.subarray(0, 24)).replace(/\s+/g, ' ');
  return s.replace(/[^\x20-\x7e]/g, '?').trim();
}

function isAxisPermutation(a: number, b: number, c: number): boolean {
  return [a, b, c].sort().join() === '1,2,3';
}

interface Plausibility {
  score: number;
  sane: boolean;
}

/** How much of the header makes sense in one byte order; the heuristic keeps the better order. */
function plausibility(view: DataView, le: boolean, fileSize: number): Plausibility {
  const i32 = (o: number) => view.getInt32(o, le);
  const [nx, ny, nz, mode] = [i32(OFF.nx), i32(OFF.ny), i32(OFF.nz), i32(OFF.mode)];
  const nsymbt = i32(OFF.nsymbt);
  const modeOk = isKnownMode(mode);
  const sizesOk = [nx, ny, nz].every((n) => n >= 1 && n <= 2 ** 30);
  const axesOk = isAxisPermutation(i32(OFF.mapc), i32(OFF.mapr), i32(OFF.maps));
  const extOk = nsymbt >= 0 && HEADER_BYTES + nsymbt <= fileSize;
  const fits = modeOk && sizesOk && extOk && HEADER_BYTES + nsymbt + rowBytes(mode, nx) * ny * nz <= fileSize;
  const score = [modeOk, sizesOk, axesOk, extOk, fits].filter(Boolean).length;
  return { score, sane: score === 5 };
}

function decideByteOrder(
  view: DataView,
  stamp: Uint8Array,
  fileSize: number,
  warnings: string[],
): { le: boolean; from: 'stamp' | 'heuristic' } {
  const stampLe = stamp[0] === 0x44 ? true : stamp[0] === 0x11 ? false : undefined;
  const le = plausibility(view, true, fileSize);
  const be = plausibility(view, false, fileSize);
  if (stampLe === undefined) {
    const guessLe = le.score >= be.score;
    warnings.push(
      `machine stamp ${hex(stamp)} is not a valid MRC stamp; byte order guessed ${guessLe ? 'little' : 'big'}-endian`,
    );
    return { le: guessLe, from: 'heuristic' };
  }
  const standard = stampLe ? stamp[1] === 0x44 || stamp[1] === 0x41 : stamp[1] === 0x11;
  if (!standard)
    warnings.push(`non-standard machine stamp ${hex(stamp)}; read as ${stampLe ? 'little' : 'big'}-endian`);
  const claimed = stampLe ? le : be;
  const other = stampLe ? be : le;
  if (!claimed.sane && other.sane) {
    warnings.push(
      `machine stamp ${hex(stamp)} says ${stampLe ? 'little' : 'big'}-endian but the header only makes sense ${stampLe ? 'big' : 'little'}-endian; used that`,
    );
    return { le: !stampLe, from: 'heuristic' };
  }
  return { le: stampLe, from: 'stamp' };
}

function readLabels(bytes: Uint8Array, nlabl: number): string[] {
  const labels: string[] = [];
  for (let i = 0; i < nlabl; i++) {
    const raw = bytes.subarray(OFF.labels + i * LABEL_BYTES, OFF.labels + (i + 1) * LABEL_BYTES);
    const end = raw.indexOf(0);
    const text = String.fromCharCode(...(end >= 0 ? raw.subarray(0, end) : raw));
    // Non-printable bytes are junk from old writers; keep the readable text only.
    labels.push(text.replace(/[^\x20-\x7e]/g, '').trimEnd());
  }
  return labels;
}

function readExttyp(bytes: Uint8Array): string {
  const raw = bytes.subarray(OFF.exttyp, OFF.exttyp + 4);
  if (raw.every((v) => v >= 0x20 && v < 0x7f)) return String.fromCharCode(...raw);
  return '';
}

/**
 * Parses and checks the header. `bytes` is the file's first min(size, 1024) bytes; `fileSize` its length.
 * Throws WedgeLabError for anything that cannot be read as the layout it declares.
 */
export function parseHeader(
  bytes: Uint8Array,
  name: string,
  fileSize: number,
  opts: MrcReadOptions = {},
): MrcHeader {
  if (fileSize === 0) throw new WedgeLabError('bad-header', `${name}: empty file (0 bytes); not an MRC file`);
  const mapId = String.fromCharCode(...bytes.subarray(OFF.map, OFF.map + 4));
  const hasMapId = mapId === 'MAP ' || mapId === 'MAP\0';
  if (!hasMapId && looksLikeText(bytes.subarray(0, HEADER_BYTES))) {
    throw new WedgeLabError(
      'bad-header',
      `${name}: not an MRC file: it is text (starts "${textStart(bytes)}"); expected a binary MRC image or volume`,
    );
  }
  if (fileSize < HEADER_BYTES || bytes.length < HEADER_BYTES) {
    throw new WedgeLabError(
      'bad-header',
      `${name}: not an MRC file: ${fmtInt(fileSize)} bytes, shorter than the 1024-byte MRC header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES);
  const warnings: string[] = [];
  const stamp = bytes.slice(OFF.machst, OFF.machst + 4);
  const { le, from } = decideByteOrder(view, stamp, fileSize, warnings);
  const i32 = (o: number) => view.getInt32(o, le);
  const i16 = (o: number) => view.getInt16(o, le);
  const f32 = (o: number) => view.getFloat32(o, le);
  const f32x3 = (o: number): [number, number, number] => [f32(o), f32(o + 4), f32(o + 8)];

  const [nx, ny, nz, modeRaw] = [i32(OFF.nx), i32(OFF.ny), i32(OFF.nz), i32(OFF.mode)];
  const [mapc, mapr, maps] = [i32(OFF.mapc), i32(OFF.mapr), i32(OFF.maps)];
  const axesOk = isAxisPermutation(mapc, mapr, maps);
  const sizesOk = nx >= 1 && ny >= 1 && nz >= 1;
  const permissive = opts.permissive === true;

  if (!hasMapId && !permissive && !(axesOk && sizesOk && isKnownMode(modeRaw))) {
    const what = !sizesOk
      ? `sizes ${nx}×${ny}×${nz}`
      : !isKnownMode(modeRaw)
        ? `mode ${modeRaw}`
        : `axis map ${mapc},${mapr},${maps}`;
    throw new WedgeLabError(
      'bad-header',
      `${name}: not an MRC file: no 'MAP ' id at byte 208 and ${what} make no sense; if a non-conforming writer (e.g. GENFIRE) filled only nx, ny, nz and mode, open it with the permissive option`,
    );
  }
  if (!sizesOk) {
    throw new WedgeLabError(
      'bad-header',
      `${name}: bad MRC header: size ${nx}×${ny}×${nz}; nx, ny and nz must all be at least 1`,
    );
  }
  if (modeRaw === 3 || modeRaw === 4) {
    throw new WedgeLabError(
      'unsupported',
      `${name}: MRC mode ${modeRaw} (${modeName(modeRaw)}, Fourier-space data) is unsupported; WedgeLab reads real images and volumes (modes 0, 1, 2, 6, 12, 101)`,
    );
  }
  if (!isKnownMode(modeRaw)) {
    throw new WedgeLabError(
      'unsupported',
      `${name}: unknown MRC mode ${modeRaw}; WedgeLab reads modes 0 (int8), 1 (int16), 2 (float32), 6 (uint16), 12 (float16) and 101 (4-bit)`,
    );
  }
  const mode: MrcMode = modeRaw;
  if (!axesOk) {
    if (!permissive) {
      throw new WedgeLabError(
        'bad-header',
        `${name}: invalid axis map mapc,mapr,maps = ${mapc},${mapr},${maps}; expected a permutation of 1,2,3 (open with the permissive option to read it in file order)`,
      );
    }
    warnings.push(`invalid axis map ${mapc},${mapr},${maps}; data read in file order (x fastest)`);
  }
  if (!hasMapId)
    warnings.push(`no 'MAP ' id at byte 208 (old or non-conforming writer); read as the layout it declares`);

  const sectionBytes = rowBytes(mode, nx) * ny;
  const dataBytes = sectionBytes * nz;
  if (!(dataBytes <= MAX_DATA_BYTES)) {
    throw new WedgeLabError(
      'too-large',
      `${name}: header claims ${nx}×${ny}×${nz} ${modeName(mode)} (${fmtInt(dataBytes)} bytes), beyond 1 TiB; the header is corrupt`,
    );
  }
  const nsymbt = i32(OFF.nsymbt);
  if (nsymbt < 0) {
    throw new WedgeLabError(
      'bad-header',
      `${name}: bad MRC header: negative extended header size nsymbt = ${nsymbt}`,
    );
  }
  const dataOffset = HEADER_BYTES + nsymbt;
  if (dataOffset > fileSize) {
    throw new WedgeLabError(
      'truncated',
      `${name}: extended header truncated: header says ${fmtInt(nsymbt)} bytes after byte 1024 but the file has ${fmtInt(fileSize)}; was the download cut short?`,
    );
  }
  const dims = `${nx}×${ny}×${nz} ${modeName(mode)} (${fmtInt(dataBytes)} bytes)`;
  if (dataOffset === fileSize) {
    throw new WedgeLabError(
      'truncated',
      `${name}: header only: no data after byte ${fmtInt(dataOffset)}, but the header says ${dims}; was the download cut short?`,
    );
  }
  if (dataOffset + dataBytes > fileSize) {
    throw new WedgeLabError(
      'truncated',
      `${name}: data truncated: header says ${dims} after byte ${fmtInt(dataOffset)} but the file has ${fmtInt(fileSize)}; was the download cut short?`,
    );
  }
  if (dataOffset + dataBytes < fileSize) {
    warnings.push(`${fmtInt(fileSize - dataOffset - dataBytes)} bytes after the data are ignored`);
  }

  const nlablRaw = i32(OFF.nlabl);
  const nlabl = Math.max(0, Math.min(MAX_LABELS, nlablRaw));
  if (nlabl !== nlablRaw) warnings.push(`nlabl = ${nlablRaw} out of range 0..10; read ${nlabl} labels`);

  const [mx, my, mz] = [i32(OFF.mx), i32(OFF.my), i32(OFF.mz)];
  const cella = f32x3(OFF.cella);
  // Spacing as mrcfile computes it (float32 division); 0 marks "unknown" (mx = 0, cell = 0 or non-finite).
  const spacing = (cell: number, m: number) => (m > 0 && Number.isFinite(cell) ? Math.fround(cell / m) : 0);
  const imodStamp = i32(OFF.imodStamp);
  if (mode === 0 && imodStamp === IMOD_STAMP && (i32(OFF.imodFlags) & 1) === 0 && !opts.unsignedMode0) {
    warnings.push(
      'IMOD wrote these bytes without its signed flag; they may be unsigned (option unsignedMode0)',
    );
  }

  return {
    nx,
    ny,
    nz,
    mode,
    nxstart: i32(OFF.nxstart),
    nystart: i32(OFF.nystart),
    nzstart: i32(OFF.nzstart),
    mx,
    my,
    mz,
    cella,
    cellb: f32x3(OFF.cellb),
    mapc,
    mapr,
    maps,
    dmin: f32(OFF.dmin),
    dmax: f32(OFF.dmax),
    dmean: f32(OFF.dmean),
    ispg: i32(OFF.ispg),
    nsymbt,
    exttyp: readExttyp(bytes),
    nversion: i32(OFF.nversion),
    origin: f32x3(OFF.origin),
    rms: f32(OFF.rms),
    labels: readLabels(bytes, nlabl),
    nint: i16(OFF.nint),
    nreal: i16(OFF.nreal),
    littleEndian: le,
    byteOrderFrom: from,
    hasMapId,
    voxelSizeA: [spacing(cella[0], mx), spacing(cella[1], my), spacing(cella[2], mz)],
    dataOffset,
    warnings,
  };
}
