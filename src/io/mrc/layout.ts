/** MRC2014 byte layout and small helpers shared by the reader and the writer. */
import type { MrcMode } from './types.ts';

export const HEADER_BYTES = 1024;
export const MAX_LABELS = 10;
export const LABEL_BYTES = 80;
/** 'IMOD' as a little-endian int32 in imodStamp: the file was written by IMOD. */
export const IMOD_STAMP = 1146047817;
/** Above this many data bytes a header is taken as garbage rather than a real file (1 TiB). */
export const MAX_DATA_BYTES = 2 ** 40;

/** Byte offsets of the header fields (MRC2014, with IMOD's use of the 'extra' space). */
export const OFF = {
  nx: 0,
  ny: 4,
  nz: 8,
  mode: 12,
  nxstart: 16,
  nystart: 20,
  nzstart: 24,
  mx: 28,
  my: 32,
  mz: 36,
  cella: 40,
  cellb: 52,
  mapc: 64,
  mapr: 68,
  maps: 72,
  dmin: 76,
  dmax: 80,
  dmean: 84,
  ispg: 88,
  nsymbt: 92,
  exttyp: 104,
  nversion: 108,
  nint: 128,
  nreal: 130,
  imodStamp: 152,
  imodFlags: 156,
  origin: 196,
  map: 208,
  machst: 212,
  rms: 216,
  nlabl: 220,
  labels: 224,
} as const;

export const KNOWN_MODES: readonly number[] = [0, 1, 2, 3, 4, 6, 12, 101];

export function isKnownMode(mode: number): mode is MrcMode {
  return KNOWN_MODES.includes(mode);
}

/** Bytes of one row in file order; mode 101 packs two pixels a byte and pads each row to a whole byte (IMOD). */
export function rowBytes(mode: MrcMode, nx: number): number {
  switch (mode) {
    case 0:
      return nx;
    case 1:
    case 6:
    case 12:
      return nx * 2;
    case 2:
    case 3:
      return nx * 4;
    case 4:
      return nx * 8;
    case 101:
      return Math.ceil(nx / 2);
  }
}

/** The data type of each MRC mode, for messages and reports. */
export const MRC_MODE_NAMES: Readonly<Record<MrcMode, string>> = {
  0: 'int8',
  1: 'int16',
  2: 'float32',
  3: 'complex int16',
  4: 'complex float32',
  6: 'uint16',
  12: 'float16',
  101: '4-bit',
};

export function modeName(mode: number): string {
  return (MRC_MODE_NAMES as Record<number, string>)[mode] ?? `mode ${mode}`;
}

/** 313900 → '313 900' (the grouping users see in error messages). */
export function fmtInt(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
