// Host memory a reconstruction job needs, estimated from sizes alone before anything is read, and the
// one-line refusal (with a --bin / --thickness that would fit) when it exceeds what the machine has free.
// Counts the float32 arrays each method keeps alive (see src/recon/algorithms: wbp, sirt, tv), the input
// stack, its binned copy, the CPU projector's per-thread copies, and the MRC bytes written at the end.
import { WedgeLabError } from '../core/errors.ts';
import type { DetectorDims, VolumeDims } from '../core/geometry/index.ts';
import type { MethodChoice } from './reconOptions.ts';

/** Volume- and projection-sized arrays alive at the peak of each method. */
const ARRAYS: Record<MethodChoice, { volumes: number; stacks: number }> = {
  // filtered stack + volume
  wbp: { volumes: 1, stacks: 1 },
  // x, back-projection, column scale (+ its transient sum), the ones volume; A·1, R, A·x, a ones stack
  sirt: { volumes: 5, stacks: 4 },
  sart: { volumes: 5, stacks: 4 },
  // x, x_prev, y, gradient, 2 power-iteration vectors, TV prox (3 dual fields ×3 + 2)
  tv: { volumes: 17, stacks: 5 },
};

/** Node's typed arrays hold at most 2^32 elements; the output MRC is one Uint8Array. */
export const MAX_ARRAY_BYTES = 2 ** 32;

export interface ReconJobSize {
  method: MethodChoice;
  /** the series as stored (unbinned) */
  raw: { nu: number; nv: number; nviews: number };
  /** views kept after --exclude */
  keptViews: number;
  volume: VolumeDims;
  detector: DetectorDims;
  bin: number;
  /** per-thread window/slab copies of the CPU projector (0 on the GPU) */
  projectorWorkingBytes: number;
}

export interface ReconMemoryEstimate {
  totalBytes: number;
  volumeBytes: number;
  seriesBytes: number;
}

export function estimateReconMemory(s: ReconJobSize): ReconMemoryEstimate {
  const volumeBytes = 4 * s.volume.nx * s.volume.ny * s.volume.nz;
  const seriesBytes = 4 * s.raw.nu * s.raw.nv * s.raw.nviews;
  const stackBytes = 4 * s.detector.nu * s.detector.nv * s.keptViews;
  // copies made by prepareSeries: the kept views (when some are excluded) and the binned stack
  const prepBytes =
    (s.keptViews < s.raw.nviews ? (seriesBytes * s.keptViews) / s.raw.nviews : 0) +
    (s.bin > 1 ? stackBytes : 0);
  const a = ARRAYS[s.method];
  const workBytes = a.volumes * volumeBytes + a.stacks * stackBytes;
  const outputBytes = volumeBytes + 1024;
  return {
    totalBytes: seriesBytes + prepBytes + workBytes + s.projectorWorkingBytes + outputBytes,
    volumeBytes,
    seriesBytes,
  };
}

const gb = (b: number): string => (b < 1e9 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e9).toFixed(1)} GB`);
const dims3 = (v: VolumeDims): string => `${v.nx}×${v.ny}×${v.nz}`;

/** Re-sizes a job for another bin / thickness (unbinned px) to suggest one that fits. */
export type Resize = (bin: number, thicknessPx: number) => ReconJobSize | null;

/**
 * Throws WedgeLabError('too-large') when the estimate exceeds `availableBytes` or an array would pass the
 * engine's limit. The message names the sizes, what is free, and a --bin or --thickness that fits.
 */
export function checkReconMemory(
  job: ReconJobSize,
  thicknessPx: number,
  availableBytes: number,
  availableWhat: string,
  resize: Resize,
): ReconMemoryEstimate {
  const e = estimateReconMemory(job);
  const arrayTooBig = e.volumeBytes + 1024 > MAX_ARRAY_BYTES || e.seriesBytes > MAX_ARRAY_BYTES;
  if (e.totalBytes <= availableBytes && !arrayTooBig) return e;
  const fits = (j: ReconJobSize | null): j is ReconJobSize => {
    if (!j) return false;
    const x = estimateReconMemory(j);
    return x.totalBytes <= availableBytes && x.volumeBytes + 1024 <= MAX_ARRAY_BYTES;
  };
  const advice: string[] = [];
  for (const b of [2, 4, 8].filter((b) => b > job.bin)) {
    const j = resize(b, thicknessPx);
    if (fits(j)) {
      advice.push(`--bin ${b} (needs ${gb(estimateReconMemory(j).totalBytes)})`);
      break;
    }
  }
  // the largest thickness at this bin that fits (memory grows linearly with nz)
  let lo = 0;
  let hi = Math.floor(thicknessPx) - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(resize(job.bin, mid))) lo = mid;
    else hi = mid - 1;
  }
  if (lo >= job.bin) advice.push(`a thinner volume (--thickness ${lo} fits)`);
  const what = `${dims3(job.volume)} volume + ${job.raw.nu}×${job.raw.nv}×${job.raw.nviews} series`;
  const todo = advice.length ? advice.join(' or ') : 'a smaller series';
  if (arrayTooBig && e.totalBytes <= availableBytes) {
    throw new WedgeLabError(
      'too-large',
      `a ${what} is too big for one array here (the ${gb(e.volumeBytes)} volume is over ${gb(MAX_ARRAY_BYTES)}, Node's typed-array limit); use ${todo}`,
    );
  }
  throw new WedgeLabError(
    'too-large',
    `needs ${gb(e.totalBytes)} for a ${what} (${job.method}); ${availableWhat} ${gb(availableBytes)}; use ${todo}`,
  );
}
