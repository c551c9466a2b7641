/**
 * Memory of a CPU projector job, checked before anything is allocated: every array must fit the engine's
 * typed-array limit and the whole working set the machine, or the job is refused with one clear line.
 */
import { WedgeLabError } from '../../core/errors.ts';
import type { DetectorDims, VolumeDims } from '../../core/geometry/index.ts';
import { splitRows } from './plan.ts';

export interface CpuMemoryEstimate {
  volumeBytes: number;
  projectionBytes: number;
  /** per-thread slab and detector-window copies in flight (threads > 1 without shared memory) */
  workingBytes: number;
  totalBytes: number;
}

const GiB = 2 ** 30;
const fmtGiB = (b: number): string => `${(b / GiB).toFixed(b < 10 * GiB ? 2 : 1)} GiB`;

/**
 * Bytes a CPU projector needs for a volume, its projection stack and `threads` threads' working copies
 * (a volume slab and its detector windows in and out of each thread; windows assume the tilt axis near y).
 */
export function estimateCpuMemoryBytes(
  volumeDims: VolumeDims,
  detectorDims: DetectorDims,
  nviews: number,
  threads = 2,
): number {
  return estimateCpuMemory(volumeDims, detectorDims, nviews, threads).totalBytes;
}

export function estimateCpuMemory(
  vol: VolumeDims,
  det: DetectorDims,
  nviews: number,
  threads = 2,
): CpuMemoryEstimate {
  const volumeBytes = 4 * vol.nx * vol.ny * vol.nz;
  const projectionBytes = 4 * det.nu * det.nv * nviews;
  let workingBytes = 0;
  if (threads > 1) {
    const slabs = splitRows(vol, threads);
    const rows = Math.max(...slabs.map(([a, b]) => b - a));
    const slabBytes = 4 * vol.nx * rows * vol.nz;
    const windowBytes = 4 * nviews * det.nu * Math.min(det.nv, rows + 4);
    workingBytes = 2 * threads * (slabBytes + windowBytes);
  }
  return {
    volumeBytes,
    projectionBytes,
    workingBytes,
    totalBytes: volumeBytes + projectionBytes + workingBytes,
  };
}

export interface CpuMemoryLimits {
  /** largest Float32Array the engine allows, elements */
  maxElements: number;
  /** memory the job may use, bytes (unknown in browsers: Infinity) */
  availableBytes: number;
}

/** Throws WedgeLabError('too-large') naming the sizes and what to do when the job cannot fit. */
export function checkCpuMemory(
  vol: VolumeDims,
  det: DetectorDims,
  nviews: number,
  threads: number,
  limits: CpuMemoryLimits,
): CpuMemoryEstimate {
  const e = estimateCpuMemory(vol, det, nviews, threads);
  const volText = `${vol.nx} × ${vol.ny} × ${vol.nz}`;
  const detText = `${det.nu} × ${det.nv} × ${nviews}`;
  const advice = 'bin the tilt series (--bin 2 halves each axis) or reconstruct a thinner volume';
  const volElements = vol.nx * vol.ny * vol.nz;
  const projElements = det.nu * det.nv * nviews;
  if (volElements > limits.maxElements || projElements > limits.maxElements) {
    const [what, n] =
      volElements > limits.maxElements ? ['volume', volElements] : ['projection stack', projElements];
    throw new WedgeLabError(
      'too-large',
      `the ${what} (volume ${volText}, projections ${detText}) has ${n} values, more than this engine's ` +
        `typed-array limit of ${limits.maxElements}; ${advice}`,
    );
  }
  if (e.totalBytes > limits.availableBytes) {
    throw new WedgeLabError(
      'too-large',
      `reconstructing ${volText} from ${detText} needs about ${fmtGiB(e.totalBytes)} ` +
        `(volume ${fmtGiB(e.volumeBytes)}, projections ${fmtGiB(e.projectionBytes)}) but about ` +
        `${fmtGiB(limits.availableBytes)} is available; ${advice}`,
    );
  }
  return e;
}

/** Allocates a Float32Array, turning an engine's allocation failure into a clear too-large error. */
export function allocateFloat32(length: number, what: string): Float32Array {
  try {
    return new Float32Array(length);
  } catch (e) {
    if (e instanceof RangeError) {
      throw new WedgeLabError(
        'too-large',
        `could not allocate the ${what} (${length} values, ${fmtGiB(4 * length)}); ` +
          'bin the tilt series or reconstruct a thinner volume',
      );
    }
    throw e;
  }
}

/** Whether threads can share memory here: Node, or a browser page that is cross-origin isolated. */
export function canShareMemory(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return typeof SharedArrayBuffer !== 'undefined' && (typeof isolated !== 'boolean' || isolated);
}

/**
 * A Float32Array in shared memory when the platform allows it (Node; browsers when crossOriginIsolated),
 * else an ordinary one. Arrays made here cross to the projector threads without copies.
 */
export function allocateSharedFloat32(length: number): Float32Array {
  if (canShareMemory()) {
    try {
      return new Float32Array(new SharedArrayBuffer(4 * length));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return allocateFloat32(length, 'shared array');
}
