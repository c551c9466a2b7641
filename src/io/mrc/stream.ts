/**
 * Streaming MRC2014 writer: the header is known up front except its statistics, and any block of rows can
 * be encoded on its own with the file offset it belongs at, so a caller with positional writes (Node
 * FileHandle.write(buf, 0, len, position); FileSystemWritableFileStream.write({type: 'write', position,
 * data})) can write Y-slabs or sections in any order and the header last. Statistics are kept per row
 * and summed in file order at the end, so the bytes do not depend on the order blocks were encoded in.
 */
import { WedgeLabError } from '../../core/errors.ts';
import {
  BYTES_PER_VALUE,
  checkHeaderSpec,
  convertValue,
  dataOffsetOf,
  encodeHeader,
  storeValue,
  type MrcHeaderSpec,
} from './encode.ts';
import { checkFinite } from './finite.ts';
import { fmtInt } from './layout.ts';

export type MrcWriterSpec = MrcHeaderSpec;

/** Encoded bytes and the byte offset in the file where they go. */
export interface MrcBlock {
  position: number;
  bytes: Uint8Array;
}

export interface MrcStreamWriter {
  readonly spec: MrcWriterSpec;
  /** bytes before the data: header + extended header */
  readonly dataOffset: number;
  /** the whole file's length */
  readonly fileBytes: number;
  readonly bytesPerValue: number;
  /**
   * Encodes rows y0..y1−1 of sections z0..z1−1, `data` indexed x + nx·((y − y0) + (y1 − y0)·(z − z0)).
   * One block per section, or a single block when whole sections are given.
   */
  encodeRows(y0: number, y1: number, z0: number, z1: number, data: Float32Array): MrcBlock[];
  /** a Y-slab through every section: rows y0..y1−1, data index x + nx·((y − y0) + (y1 − y0)·z) */
  encodeSlab(y0: number, y1: number, data: Float32Array): MrcBlock[];
  /** whole sections z0..z1−1 as one block */
  encodeSections(z0: number, z1: number, data: Float32Array): MrcBlock;
  /** true once every row of every section has been encoded */
  readonly complete: boolean;
  /** the header with the statistics of everything encoded; throws until every row has been encoded */
  header(): Uint8Array;
}

const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function createMrcWriter(spec: MrcWriterSpec): MrcStreamWriter {
  checkHeaderSpec(spec, 'MRC writer');
  const { nx, ny, nz, mode } = spec;
  const bpv = BYTES_PER_VALUE[mode];
  const dataOffset = dataOffsetOf(spec);
  const rows = ny * nz;
  // per-row Σv and Σv² (summed in file order at the end) and which rows are done
  const rowSums = new Float64Array(2 * rows);
  const done = new Uint8Array(rows);
  let doneCount = 0;
  let lo = Infinity;
  let hi = -Infinity;

  function encodeRows(y0: number, y1: number, z0: number, z1: number, data: Float32Array): MrcBlock[] {
    const ok = (a: number, b: number, n: number) =>
      Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a < b && b <= n;
    if (!ok(y0, y1, ny) || !ok(z0, z1, nz)) {
      throw new WedgeLabError(
        'bad-argument',
        `MRC writer: rows ${y0}…${y1} of sections ${z0}…${z1} are outside ${nx}×${ny}×${nz}`,
      );
    }
    const h = y1 - y0;
    if (data.length !== nx * h * (z1 - z0)) {
      throw new WedgeLabError(
        'mismatch',
        `MRC writer: ${fmtInt(data.length)} values for ${nx}×${h}×${z1 - z0} rows`,
      );
    }
    // refused before anything is encoded, as writeMrc does: header statistics and readers need finite values
    checkFinite(data, `MRC writer (rows ${y0}…${y1 - 1} of sections ${z0}…${z1 - 1})`);
    const whole = y0 === 0 && y1 === ny;
    const blocks: MrcBlock[] = [];
    const blockRows = whole ? h * (z1 - z0) : h;
    for (let z = z0; z < z1; z = whole ? z1 : z + 1) {
      const bytes = new Uint8Array(blockRows * nx * bpv);
      const view = new DataView(bytes.buffer);
      const fast = mode === 2 && littleEndianHost;
      const f32 = fast ? new Float32Array(bytes.buffer) : undefined;
      for (let r = 0; r < blockRows; r++) {
        const src = ((z - z0) * h + r) * nx;
        const y = whole ? r % ny : y0 + r;
        const zz = whole ? z0 + Math.floor(r / ny) : z;
        const row = zz * ny + y;
        let s = 0;
        let s2 = 0;
        for (let x = 0; x < nx; x++) {
          const v = convertValue(mode, data[src + x]);
          if (v < lo) lo = v;
          if (v > hi) hi = v;
          s += v;
          s2 += v * v;
          if (f32) f32[r * nx + x] = v;
          else storeValue(view, mode, (r * nx + x) * bpv, v);
        }
        rowSums[2 * row] = s;
        rowSums[2 * row + 1] = s2;
        if (!done[row]) doneCount++;
        done[row] = 1;
      }
      blocks.push({ position: dataOffset + (z * ny + y0) * nx * bpv, bytes });
    }
    return blocks;
  }

  return {
    spec,
    dataOffset,
    fileBytes: dataOffset + nx * ny * nz * bpv,
    bytesPerValue: bpv,
    encodeRows,
    encodeSlab: (y0, y1, data) => encodeRows(y0, y1, 0, nz, data),
    encodeSections: (z0, z1, data) => encodeRows(0, ny, z0, z1, data)[0],
    get complete() {
      return doneCount === rows;
    },
    header() {
      if (doneCount !== rows) {
        throw new WedgeLabError(
          'bad-argument',
          `MRC writer: ${fmtInt(rows - doneCount)} of ${fmtInt(rows)} rows were never written`,
        );
      }
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < rows; i++) {
        sum += rowSums[2 * i];
        sumSq += rowSums[2 * i + 1];
      }
      const n = nx * ny * nz;
      const mean = sum / n;
      const rms = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
      return encodeHeader(spec, { min: lo, max: hi, mean, rms });
    },
  };
}
