// Host memory a job needs, from sizes alone, before anything is read: ONE table of the arrays each method
// keeps alive (src/recon/algorithms: wbp, sirt, tv), for the whole volume and for one slab. Both hosts plan
// with it; a method missing here is a type error, never a silent guess.
import { cnMemoryBytes, type CnOptions } from '../../recon/cn/cn.ts';
import { estimateCpuMemory } from '../../recon/cpu/memory.ts';
import type { MethodChoice } from '../recipe/index.ts';

/** Volume- and projection-sized float32 arrays alive at each method's peak. */
export const METHOD_ARRAYS: Record<MethodChoice, { volumes: number; stacks: number }> = {
  // filtered stack + volume
  wbp: { volumes: 1, stacks: 1 },
  // x, back-projection, column scale (+ its transient sum), the ones volume; A·1, R, A·x, a ones stack
  sirt: { volumes: 5, stacks: 4 },
  sart: { volumes: 5, stacks: 4 },
  // x, x_prev, y, gradient, 2 power-iteration vectors, TV prox (3 dual fields ×3 + 2)
  tv: { volumes: 17, stacks: 5 },
  // the volume, the normalised stack; the network's activations for a block of points come on top (cnMemoryBytes)
  cn: { volumes: 1, stacks: 1 },
};

export interface JobSize {
  method: MethodChoice;
  /** the series as stored */
  nu: number;
  nv: number;
  nviews: number;
  keptViews: number;
  bin: number;
  thicknessPx: number;
  /** CPU threads, null on the GPU */
  threads: number | null;
  /** the series needs resampling into an aligned stack (an in-plane rotation or y-shifts) */
  resample: boolean;
  /** half sets: two reconstructions of about half the views, the first kept */
  halfSet: boolean;
  /** method cn: the network options that size its memory */
  cn?: CnOptions;
}

export interface Dims {
  volume: { nx: number; ny: number; nz: number };
  detector: { nu: number; nv: number };
}

/** Output and binned-view sizes as prepareSeries makes them (views ⌊n/bin⌋, nx and nz rounded). */
export function jobDims(s: Pick<JobSize, 'nu' | 'nv' | 'bin' | 'thicknessPx'>): Dims {
  return {
    volume: {
      nx: Math.max(2, Math.round(s.nu / s.bin)),
      ny: Math.floor(s.nv / s.bin),
      nz: Math.max(1, Math.round(s.thicknessPx / s.bin)),
    },
    detector: { nu: Math.floor(s.nu / s.bin), nv: Math.floor(s.nv / s.bin) },
  };
}

function projectorBytes(s: JobSize, vol: Dims['volume'], det: Dims['detector'], views: number): number {
  if (s.threads === null) return 0;
  // per-thread detector windows / volume slabs, and the shared scratch (2 volumes + 1 stack) across threads
  const windows = estimateCpuMemory(vol, det, views, s.threads).workingBytes;
  const shared = s.threads > 1 ? 4 * (2 * vol.nx * vol.ny * vol.nz + det.nu * det.nv * views) : 0;
  return windows + shared;
}

/** Bytes at the peak of a whole-volume job. */
export function wholeJobBytes(s: JobSize): { totalBytes: number; volumeBytes: number; seriesBytes: number } {
  const { volume, detector } = jobDims(s);
  const views = s.halfSet ? Math.ceil(s.keptViews / 2) : s.keptViews;
  const volumeBytes = 4 * volume.nx * volume.ny * volume.nz;
  const seriesBytes = 4 * s.nu * s.nv * s.nviews;
  const stackBytes = 4 * detector.nu * detector.nv * views;
  // copies made by prepareSeries (kept views; binned stack) and prealign (the aligned stack)
  const prep =
    (views < s.nviews ? (seriesBytes * views) / s.nviews : 0) +
    (s.bin > 1 ? stackBytes : 0) +
    (s.resample ? stackBytes : 0);
  const a = METHOD_ARRAYS[s.method];
  const work = a.volumes * volumeBytes + a.stacks * stackBytes;
  // the result handed on (an MRC's bytes, or the copy sent to the page), and the first half map kept
  const kept = volumeBytes + (s.halfSet ? volumeBytes : 0);
  const net = s.cn ? cnMemoryBytes(s.cn, volume, views) : 0;
  const totalBytes =
    seriesBytes + prep + work + projectorBytes(s, volume, detector, views) + kept + net + 1024;
  return { totalBytes, volumeBytes, seriesBytes };
}

/** Bytes at the peak of one slab of `rows` output rows. */
export function slabJobBytes(s: JobSize, rows: number): number {
  const { volume, detector } = jobDims(s);
  const vol = { ...volume, ny: rows };
  const det = { nu: detector.nu, nv: rows };
  const a = METHOD_ARRAYS[s.method];
  const raw = 4 * s.nu * rows * s.bin * s.keptViews;
  const stack = 4 * det.nu * rows * s.keptViews;
  const slab = 4 * vol.nx * rows * vol.nz;
  // + one slab volume of margin: slabs reuse one stack and (WBP) one volume (slabs.ts), but each still leaves
  // about a volume of short-lived copies to the garbage collector. Measured (bench/browserLarge.ts, CPU,
  // 2 threads): 2048² × 61 → ×500 in 5 slabs of 462 rows, job PSS 3.1–3.2 GB against this plan's 4.3 GB.
  // Fixed: the writer's per-row statistics, the three preview slices, two sections while resampling.
  const fixed =
    16 * volume.ny * volume.nz +
    4 * (volume.nx * volume.ny + volume.nx * volume.nz + volume.nz * volume.ny) +
    (s.resample ? 8 * s.nu * s.nv : 0);
  return (
    raw +
    (s.bin > 1 ? stack : 0) +
    (a.volumes + 1) * slab +
    a.stacks * stack +
    projectorBytes(s, vol, det, s.keptViews) +
    fixed
  );
}
