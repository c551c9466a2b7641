/**
 * The contract of the MRC module. Everything is pure over bytes: a ByteSource gives ranges of a file
 * (a Blob/File in the browser, a file handle in the CLI, a Uint8Array in tests).
 */

/** Random access to a file's bytes without holding the whole file. */
export interface ByteSource {
  /** file name for messages ("which file") */
  readonly name: string;
  readonly size: number;
  /** bytes [offset, offset+length); resolves shorter only at end of file */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** MRC data modes WedgeLab reads. 0 int8, 1 int16, 2 float32, 3 complex int16, 4 complex float32, 6 uint16, 12 float16, 101 4-bit. */
export type MrcMode = 0 | 1 | 2 | 3 | 4 | 6 | 12 | 101;
export type MrcWriteMode = 1 | 2 | 6 | 12;

export interface MrcHeader {
  nx: number;
  ny: number;
  nz: number;
  mode: MrcMode;
  nxstart: number;
  nystart: number;
  nzstart: number;
  mx: number;
  my: number;
  mz: number;
  /** cell dimensions in Å */
  cella: [number, number, number];
  cellb: [number, number, number];
  mapc: number;
  mapr: number;
  maps: number;
  dmin: number;
  dmax: number;
  dmean: number;
  ispg: number;
  nsymbt: number;
  /** 4-char extended header type, e.g. 'FEI1', 'SERI', 'CCP4'; '' when empty or non-printable */
  exttyp: string;
  nversion: number;
  origin: [number, number, number];
  rms: number;
  labels: string[];
  /** IMOD/SERI style: bytes per section and flags in the extended header */
  nint: number;
  nreal: number;
  littleEndian: boolean;
  /** how the byte order was decided: from the machine stamp, or guessed */
  byteOrderFrom: 'stamp' | 'heuristic';
  /** true when 'MAP ' is at byte 208 */
  hasMapId: boolean;
  /** [x, y, z] Å per voxel from cella / (mx,my,mz); 0 where undefined */
  voxelSizeA: [number, number, number];
  /** byte offset of the first data byte = 1024 + nsymbt */
  dataOffset: number;
  /** non-fatal oddities found while reading (e.g. 'machine stamp 0x00000000; byte order guessed little-endian') */
  warnings: string[];
}

/** Per-section metadata decoded from an FEI1/FEI2 or SERI/IMOD-style extended header. */
export interface SectionMeta {
  tiltAngleDeg?: number;
  pixelSizeA?: number;
  magnification?: number;
  /** dose of this section, e/Å² */
  doseEA2?: number;
  exposureS?: number;
  defocusUm?: number;
}

export interface MrcReadOptions {
  /** read mode 0 as unsigned bytes (legacy IMOD files before 2014) */
  unsignedMode0?: boolean;
  /** read a file without 'MAP ' or with junk sizes as the raw layout it declares (GENFIRE-like writers) */
  permissive?: boolean;
}

export interface SectionReadOptions {
  /** integer binning factor on read (averaging), default 1 */
  bin?: number;
}

/** An opened MRC file: header parsed, data read on demand, section by section (in file order). */
export interface MrcFile {
  readonly name: string;
  readonly header: MrcHeader;
  /** per-section metadata from the extended header; empty when none */
  readonly sections: SectionMeta[];
  /** number of sections in file order (= header.nz) */
  readonly nsections: number;
  /** section k in file order as float32, nx fastest; binning averages bin×bin blocks */
  readSection(k: number, opts?: SectionReadOptions): Promise<Float32Array>;
  /** rows y0..y1−1 of section k (file order) as float32, nx fastest; reads only those rows' bytes */
  readRows(k: number, y0: number, y1: number): Promise<Float32Array>;
}

/** Entry points (src/io/mrc/index.ts):
 *  openMrc(source: ByteSource, opts?: MrcReadOptions): Promise<MrcFile>
 *  readVolume(file: MrcFile, onProgress?: (fraction: number) => void): Promise<Volume>  // applies mapc/mapr/maps
 *  bytesSource(bytes: Uint8Array, name: string): ByteSource
 *  blobSource(blob: Blob, name?: string): ByteSource
 *  maybeDecompress(source: ByteSource): Promise<ByteSource>   // .gz / .bz2 by magic bytes
 *  writeMrc(volume: Volume, opts: MrcWriteOptions): Uint8Array
 */
export interface MrcWriteOptions {
  mode: MrcWriteMode;
  /** program name for the label, e.g. 'wedgelab convert' */
  program: string;
  /** label date; default now (tests pass a fixed date); null: no date (reproducible bytes) */
  date?: Date | null;
  /** extra labels kept from the input, at most 9 */
  labels?: string[];
  origin?: [number, number, number];
  /** per-section tilt angles to store in an FEI1 extended header (so tilt series carry their angles) */
  tiltAnglesDeg?: number[];
  /** ispg 0 (image stack, e.g. a tilt series) instead of 1 (volume); default: true when tiltAnglesDeg is given or nz = 1 */
  imageStack?: boolean;
}
