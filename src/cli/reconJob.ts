// The steps `reconstruct` and `halfset` share: open the series, check every input and the memory
// estimate against the header alone, pick the device, read the stack, and run recon's reconstruct().
import os from 'node:os';
import type { ReconstructResult } from '../recon/algorithms/index.ts';
import type { MrcReadOptions } from '../io/mrc/types.ts';
import { withMrc } from './mrcInput.ts';
import { chooseDevice, type ReconDevice } from './reconDevice.ts';
import { checkReconMemory, type ReconJobSize } from './reconMemory.ts';
import type { ReconSettings, SeriesSettings } from './reconOptions.ts';
import {
  checkExcluded,
  describeSeries,
  outputDims,
  readStack,
  resolveThickness,
  type SeriesInfo,
} from './reconSeries.ts';
import type { Progress } from './spec.ts';

export interface ReconJob {
  info: SeriesInfo;
  /** the whole stack as stored, unbinned */
  data: Float32Array;
  thicknessPx: number;
  excluded: number[];
  device: ReconDevice;
}

export interface JobShape {
  /** views each reconstruction uses (halfset: about half) */
  viewsPerRun(keptViews: number): number;
  /** volumes kept alive besides the one being computed (halfset keeps the first half map) */
  extraVolumes: number;
}

const SINGLE: JobShape = { viewsPerRun: (n) => n, extraVolumes: 0 };

/**
 * Opens `path`, validates everything against its header, checks memory, acquires the device, reads the
 * stack (progress 0…0.05) and runs `body`; the device is released afterwards whatever happens.
 */
export async function withReconJob<T>(
  path: string,
  readOpts: MrcReadOptions,
  series: SeriesSettings,
  settings: ReconSettings,
  progress: Progress,
  body: (job: ReconJob) => Promise<T>,
  shape: JobShape = SINGLE,
): Promise<T> {
  const { MAX_THICKNESS_FACTOR } = await import('../recon/algorithms/index.ts');
  const { parseFilterSpec } = await import('../core/filters/index.ts');
  return withMrc(path, readOpts, async (file) => {
    const info = await describeSeries(path, file, series);
    if (settings.method === 'wbp') parseFilterSpec(settings.filter);
    const thicknessPx = resolveThickness(settings.thicknessPx, info.nu, info.nv, MAX_THICKNESS_FACTOR);
    const excluded = checkExcluded(settings.excludeViews, info.nviews);
    outputDims(info.nu, info.nv, thicknessPx, settings.bin); // a bin too large fails here
    const device = await chooseDevice(settings.device, settings.threads);
    try {
      await checkMemory(info, thicknessPx, excluded.length, settings, device, shape);
      const data = new Float32Array(info.nu * info.nv * info.nviews);
      await readStack(file, data, (f) => progress.update(0.05 * f, 'reading'), excluded);
      return await body({ info, data, thicknessPx, excluded, device });
    } finally {
      await device.release();
    }
  });
}

export async function checkMemory(
  info: SeriesInfo,
  thicknessPx: number,
  excludedCount: number,
  settings: ReconSettings,
  device: ReconDevice,
  shape: JobShape,
): Promise<void> {
  const { estimateCpuMemory } = await import('../recon/cpu/index.ts');
  const { hasInPlaneTransform } = await import('../recon/algorithms/index.ts');
  const prealign = settings.prealign && hasInPlaneTransform(info.geometry);
  const keptViews = shape.viewsPerRun(info.nviews - excludedCount);
  const size = (bin: number, t: number): ReconJobSize | null => {
    if (t < 1) return null;
    let dims;
    try {
      dims = outputDims(info.nu, info.nv, t, bin);
    } catch {
      return null;
    }
    const vol = dims.volume;
    const threads = device.threads ?? 1;
    // the CPU projector's per-thread copies, and the shared scratch of withSharedArrays (2 volumes + 1 stack)
    const working =
      device.kind === 'cpu'
        ? estimateCpuMemory(vol, dims.detector, keptViews, threads).workingBytes +
          (threads > 1
            ? 4 * (2 * vol.nx * vol.ny * vol.nz + dims.detector.nu * dims.detector.nv * keptViews)
            : 0)
        : 0;
    // the aligned copy of the (binned) stack that reconstruct() makes before the projector starts
    const aligned = prealign ? 4 * dims.detector.nu * dims.detector.nv * keptViews : 0;
    return {
      method: settings.method,
      raw: { nu: info.nu, nv: info.nv, nviews: info.nviews },
      keptViews,
      volume: vol,
      detector: dims.detector,
      bin,
      projectorWorkingBytes: working + aligned + shape.extraVolumes * 4 * vol.nx * vol.ny * vol.nz,
    };
  };
  const job = size(settings.bin, thicknessPx);
  if (!job) return;
  const limit = settings.maxMemoryBytes;
  checkReconMemory(
    job,
    thicknessPx,
    limit ?? os.freemem(),
    limit !== undefined ? '--max-memory allows' : 'this machine has',
    size,
  );
}

export interface RunOptions {
  excludeViews: readonly number[];
  /** progress range of this run within the command */
  from: number;
  to: number;
  label?: string;
  /** prints one line on stderr (e.g. 'GPU lost after iteration 7; continuing on the CPU') */
  warn?: (line: string) => void;
}

/** One reconstruction of the job's series with the user's settings. */
export async function runReconstruction(
  job: ReconJob,
  settings: ReconSettings,
  progress: Progress,
  run: RunOptions,
): Promise<ReconstructResult> {
  const { reconstruct } = await import('../recon/algorithms/index.ts');
  const { info } = job;
  const span = run.to - run.from;
  const prefix = run.label ? `${run.label}: ` : '';
  if (!settings.prealign && settings.method === 'wbp') {
    const { hasInPlaneTransform } = await import('../recon/algorithms/index.ts');
    if (hasInPlaneTransform(info.geometry)) {
      // WBP filters detector rows; on raw rotated views those rows do not run across the tilt axis
      run.warn?.(
        `${prefix}--no-prealign with wbp: the filter runs along raw detector rows, not across the tilt axis, so a rotated series reconstructs distorted; drop --no-prealign`,
      );
    }
  }
  return reconstruct({
    data: job.data,
    nu: info.nu,
    nv: info.nv,
    nviews: info.nviews,
    geometry: info.geometry,
    pixelSizeA: info.pixelSizeA,
    method: settings.method,
    createProjector: job.device.createProjector,
    createFallbackProjector: job.device.fallback,
    onDeviceFallback: (e) => run.warn?.(`${prefix}${e.message}`),
    filter: settings.filter,
    iterations: settings.iterations,
    lambda: settings.lambda,
    thickness: job.thicknessPx,
    zOffset: settings.zOffsetPx,
    excludeViews: run.excludeViews,
    bin: settings.bin,
    prealign: settings.prealign,
    onProgress: (p) => {
      const it = p.iteration !== undefined ? `, iteration ${p.iteration}` : '';
      const res = p.residual !== undefined ? `, residual ${p.residual.toPrecision(3)}` : '';
      progress.update(run.from + span * p.fraction, `${prefix}${p.stage}${it}${res}`);
    },
  });
}
