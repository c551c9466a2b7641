/**
 * The typed API of the io worker (workers/io.worker.ts) and of its main-thread fallback. Everything that
 * crosses the boundary is structured-cloneable; section data are transferred, never copied.
 */
import type { DataStats } from '../core/types.ts';

/** What the UI needs to know about an opened dataset: header facts only, no voxel data. */
export interface DatasetSummary {
  /** handle for later section reads; valid in the io service that opened it */
  id: number;
  /** file name (or 'demo tilt series') */
  name: string;
  kind: 'demo' | 'mrc';
  nx: number;
  ny: number;
  /** sections in file order (views of a tilt series) */
  nz: number;
  mode: number;
  /** e.g. 'float32 (mode 2)' */
  modeLabel: string;
  /** [x, y, z] Å per voxel, 0 where unknown */
  voxelSizeA: [number, number, number];
  exttyp: string;
  labels: string[];
  /** non-fatal oddities (byte order guessed, angles file ignored, …) */
  warnings: string[];
  /** one angle per section, or null when nothing supplied them */
  tiltAnglesDeg: number[] | null;
  /** where the angles came from: 'stack.tlt', 'extended header (FEI1)', 'demo' */
  anglesFrom: string | null;
  /** the .mdoc's tilt-axis angle (degrees CCW from +Y), null when the angles' file states none */
  tiltAxisDeg: number | null;
  /** bytes of the stack file as given (compressed size for .gz/.bz2) */
  sizeBytes: number;
}

/** One section, x fastest; binned on read when `bin` > 1. */
export interface SectionData {
  k: number;
  nx: number;
  ny: number;
  bin: number;
  data: Float32Array;
}

/** fraction in [0, 1]; called at most every ~100 ms */
export type ProgressFn = (fraction: number) => void;

/** Job ids are chosen by the caller so that it can cancel a job before its promise settles. */
export interface IoApi {
  ping(): Promise<'pong'>;
  openDemo(): Promise<DatasetSummary>;
  /** the stack plus optional .tlt/.rawtlt/.mdoc chosen together with it */
  /** `permissive`: read a non-conforming header (e.g. GENFIRE's: nx, ny, nz and mode only) in file order */
  open(
    jobId: number,
    files: File[],
    onProgress?: ProgressFn,
    opts?: { permissive?: boolean },
  ): Promise<DatasetSummary>;
  readSection(datasetId: number, k: number, bin?: number): Promise<SectionData>;
  /** reads every section once: min/max/mean/std of the data (not the header's) */
  scanStats(jobId: number, datasetId: number, onProgress?: ProgressFn): Promise<DataStats>;
  /** cooperative: the job stops at its next section boundary and rejects with code 'cancelled' */
  cancel(jobId: number): Promise<void>;
  close(datasetId: number): Promise<void>;
}
