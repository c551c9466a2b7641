/**
 * openMrc: header (+ extended header) only; sections are read on demand, in row chunks, so a 4 GB
 * tilt series never has to be in memory. readVolume: all sections, with the mapc/mapr/maps permutation.
 */
import { WedgeLabError } from '../../core/errors.ts';
import type { Volume } from '../../core/types.ts';
import { accumulateBinned, decodeRows, type DecodeSpec } from './decode.ts';
import { parseExtendedHeader } from './extended.ts';
import { parseHeader } from './header.ts';
import { HEADER_BYTES, fmtInt, rowBytes } from './layout.ts';
import type {
  ByteSource,
  MrcFile,
  MrcHeader,
  MrcReadOptions,
  SectionMeta,
  SectionReadOptions,
} from './types.ts';

/** Bytes fetched per read while streaming a section (bounds memory for binned reads of huge images). */
const CHUNK_BYTES = 16 * 2 ** 20;
/** Extended headers larger than this are not parsed for metadata (FEI writes ~0.9 MB; SerialEM less). */
const MAX_EXT_PARSE_BYTES = 64 * 2 ** 20;

class OpenedMrc implements MrcFile {
  readonly name: string;
  readonly nsections: number;
  private readonly spec: DecodeSpec;
  private readonly rowBytes: number;

  constructor(
    private readonly source: ByteSource,
    readonly header: MrcHeader,
    readonly sections: SectionMeta[],
    unsigned: boolean,
  ) {
    this.name = source.name;
    this.nsections = header.nz;
    this.spec = { mode: header.mode, littleEndian: header.littleEndian, nx: header.nx, unsigned };
    this.rowBytes = rowBytes(header.mode, header.nx);
  }

  /** Rows y0..y1−1 of section k: one read of just those rows' bytes (Y-slab reconstruction). */
  async readRows(k: number, y0: number, y1: number): Promise<Float32Array> {
    const { ny, nz } = this.header;
    if (!Number.isInteger(k) || k < 0 || k >= nz || !Number.isInteger(y0) || !Number.isInteger(y1)) {
      throw new WedgeLabError('bad-argument', `${this.name}: section ${k} rows ${y0}…${y1} do not exist`);
    }
    if (y0 < 0 || y1 <= y0 || y1 > ny) {
      throw new WedgeLabError(
        'bad-argument',
        `${this.name}: rows ${y0}…${y1} are outside 0…${ny} of section ${k}`,
      );
    }
    const start = this.header.dataOffset + (k * ny + y0) * this.rowBytes;
    const want = (y1 - y0) * this.rowBytes;
    const bytes = await this.source.read(start, want);
    if (bytes.length < want) {
      throw new WedgeLabError(
        'truncated',
        `${this.name}: data truncated in section ${k}: needed ${fmtInt(want)} bytes at byte ${fmtInt(start)} but got ${fmtInt(bytes.length)}; did the file change or get cut short?`,
      );
    }
    const out = new Float32Array(this.header.nx * (y1 - y0));
    decodeRows(bytes, this.spec, y1 - y0, out, 0);
    return out;
  }

  async readSection(k: number, opts: SectionReadOptions = {}): Promise<Float32Array> {
    const { nx, ny, nz } = this.header;
    if (!Number.isInteger(k) || k < 0 || k >= nz) {
      throw new WedgeLabError(
        'bad-argument',
        `${this.name}: section ${k} does not exist; the file has ${nz} (0..${nz - 1})`,
      );
    }
    const bin = opts.bin ?? 1;
    if (!Number.isInteger(bin) || bin < 1 || bin > Math.min(nx, ny)) {
      throw new WedgeLabError(
        'bad-argument',
        `${this.name}: binning ${bin} is invalid for ${nx}×${ny} sections; use an integer from 1 to ${Math.min(nx, ny)}`,
      );
    }
    const outNx = Math.floor(nx / bin);
    const outNy = Math.floor(ny / bin);
    const usedRows = outNy * bin;
    const sectionStart = this.header.dataOffset + k * this.rowBytes * ny;
    const chunkRows = Math.max(bin, Math.floor(CHUNK_BYTES / this.rowBytes / bin) * bin);
    const out = new Float32Array(outNx * outNy);
    const acc = bin === 1 ? undefined : new Float64Array(outNx * outNy);
    const rows = new Float32Array(nx * Math.min(chunkRows, usedRows));
    for (let y0 = 0; y0 < usedRows; y0 += chunkRows) {
      const nrows = Math.min(chunkRows, usedRows - y0);
      const want = nrows * this.rowBytes;
      const bytes = await this.source.read(sectionStart + y0 * this.rowBytes, want);
      if (bytes.length < want) {
        throw new WedgeLabError(
          'truncated',
          `${this.name}: data truncated in section ${k}: needed ${fmtInt(want)} bytes at byte ${fmtInt(sectionStart + y0 * this.rowBytes)} but got ${fmtInt(bytes.length)}; did the file change or get cut short?`,
        );
      }
      if (acc) {
        decodeRows(bytes, this.spec, nrows, rows, 0);
        accumulateBinned(rows, nx, nrows, y0, bin, acc, outNy);
      } else {
        decodeRows(bytes, this.spec, nrows, out, y0 * nx);
      }
    }
    if (acc) {
      const norm = 1 / (bin * bin);
      for (let i = 0; i < acc.length; i++) out[i] = acc[i] * norm;
    }
    return out;
  }
}

export async function openMrc(source: ByteSource, opts: MrcReadOptions = {}): Promise<MrcFile> {
  const head = await source.read(0, HEADER_BYTES);
  const header = parseHeader(head, source.name, source.size, opts);
  let sections: SectionMeta[] = [];
  if (header.nsymbt > 0) {
    if (header.nsymbt > MAX_EXT_PARSE_BYTES) {
      header.warnings.push(`extended header of ${fmtInt(header.nsymbt)} bytes not parsed (too large)`);
    } else {
      const ext = await source.read(HEADER_BYTES, header.nsymbt);
      if (ext.length < header.nsymbt) {
        throw new WedgeLabError(
          'truncated',
          `${source.name}: extended header truncated: expected ${fmtInt(header.nsymbt)} bytes after byte 1024, got ${fmtInt(ext.length)}`,
        );
      }
      sections = parseExtendedHeader(header, ext);
    }
  }
  return new OpenedMrc(source, header, sections, opts.unsignedMode0 === true);
}

/**
 * Voxel size for a Volume: |spacing| where known (Direct Electron writes negative cells), else 0 =
 * unknown, so a writer keeps cell 0 instead of inventing 1 Å.
 */
function volumeVoxelSize(h: MrcHeader): [number, number, number] {
  const fix = (v: number) => (Number.isFinite(v) ? Math.abs(v) : 0);
  return [fix(h.voxelSizeA[0]), fix(h.voxelSizeA[1]), fix(h.voxelSizeA[2])];
}

/**
 * Reads every section and returns the map x,y,z-indexed (x fastest): file columns/rows/sections go to
 * the axes named by mapc/mapr/maps. An invalid map (only accepted in permissive mode) keeps file order.
 */
export async function readVolume(file: MrcFile, onProgress?: (fraction: number) => void): Promise<Volume> {
  const h = file.header;
  const { nx, ny, nz } = h;
  const valid = [h.mapc, h.mapr, h.maps].sort().join() === '1,2,3';
  const [ac, ar, as] = valid ? [h.mapc - 1, h.mapr - 1, h.maps - 1] : [0, 1, 2];
  const dims = [0, 0, 0];
  dims[ac] = nx;
  dims[ar] = ny;
  dims[as] = nz;
  const total = nx * ny * nz;
  let data: Float32Array;
  try {
    data = new Float32Array(total);
  } catch {
    throw new WedgeLabError(
      'too-large',
      `${file.name}: ${nx}×${ny}×${nz} voxels do not fit in memory as one volume; read it section by section or with binning`,
    );
  }
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [sc, sr, ss] = [strides[ac], strides[ar], strides[as]];
  const identity = ac === 0 && ar === 1 && as === 2;
  for (let s = 0; s < nz; s++) {
    const sec = await file.readSection(s);
    if (identity) {
      data.set(sec, s * nx * ny);
    } else {
      for (let r = 0; r < ny; r++) {
        const base = s * ss + r * sr;
        for (let c = 0; c < nx; c++) data[base + c * sc] = sec[c + nx * r];
      }
    }
    onProgress?.((s + 1) / nz);
  }
  return { nx: dims[0], ny: dims[1], nz: dims[2], data, voxelSizeA: volumeVoxelSize(h) };
}
