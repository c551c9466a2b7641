/**
 * The recon service: simulate, reconstruct and score as cancellable jobs with progress and live previews.
 * It runs inside workers/recon.worker.ts, or on the main thread when Workers are unavailable. Algorithms
 * live in src/recon and src/core; this file keeps job bookkeeping, the cached series and the kept volumes.
 */
import { WedgeLabError } from '../core/errors.ts';
import type { Volume } from '../core/types.ts';
import { reconstruct } from '../recon/algorithms/index.ts';
import { autoContrast } from '../render/contrast.ts';
import { abortedBy } from './cancelFlag.ts';
import { extractOrthoSlices, sliceBuffers, type VoxelPos } from './orthoSlices.ts';
import { checkBrowserRecon } from './reconBudget.ts';
import { startSlabJob } from './reconServiceSlabs.ts';
import { chooseDevice } from './reconDevice.ts';
import { runHalfSet } from './reconHalfSet.ts';
import { scoreReconstruction } from './reconMetrics.ts';
import { progressReporter, type ProgressReporter } from './reconProgress.ts';
import { maskGeometry, reconParams } from './reconRequest.ts';
import { readSeries, type LoadedSeries } from './reconSeries.ts';
import { seriesFiles, simulateOptions, simulateTiltSeries } from './reconSimulate.ts';
import type { PreviewEvent, ReconApi, ReconstructJobResult, SeriesSource, VolumeArg } from './reconTypes.ts';

/** Marks buffers for transfer (Comlink.transfer in the worker; identity on the main thread). */
export type TransferFn = <T>(value: T, buffers: Transferable[]) => T;

interface RunningJob {
  abort: AbortController;
  previewAt?: VoxelPos;
  preview?: { volume: Volume; iteration: number; window: { lo: number; hi: number } };
}

/** Volumes kept for metrics and slicing (truths and reconstructions), oldest dropped first. */
const MAX_KEPT_VOLUMES = 4;
const MIN_PREVIEW_INTERVAL_MS = 250;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function createReconService(opts: { transfer?: TransferFn } = {}): ReconApi {
  const transfer: TransferFn = opts.transfer ?? ((v) => v);
  const jobs = new Map<number, RunningJob>();
  const cancelledEarly = new Set<number>();
  const kept = new Map<number, Volume>();
  let series: LoadedSeries | null = null;
  let nextId = 1;

  const begin = (jobId: number): RunningJob => {
    const job: RunningJob = { abort: new AbortController() };
    if (cancelledEarly.delete(jobId)) job.abort.abort();
    jobs.set(jobId, job);
    return job;
  };
  const keep = (v: Volume): number => {
    const id = nextId++;
    kept.set(id, v);
    for (const old of kept.keys()) {
      if (kept.size <= MAX_KEPT_VOLUMES) break;
      kept.delete(old);
    }
    return id;
  };
  const volumeOf = (arg: VolumeArg, what: string): Volume => {
    if ('data' in arg) return arg;
    const v = kept.get(arg.id);
    if (!v)
      throw new WedgeLabError('not-found', `the ${what} is no longer kept; simulate or reconstruct again`);
    return v;
  };
  /** The series of a source: the cached one when the key matches, else read (progress 0…0.03). */
  const loadSeries = async (
    src: SeriesSource,
    progress: ProgressReporter,
    signal: AbortSignal,
  ): Promise<LoadedSeries> => {
    const key = src.seriesKey ?? `file:${src.name}:${src.file.size}`;
    if (series?.key !== key) {
      series = null;
      series = await readSeries(
        src,
        key,
        (f) => progress.update({ fraction: 0.03 * f, stage: 'reading' }),
        signal,
      );
    }
    return series;
  };
  const previewOf = (job: RunningJob): PreviewEvent | null => {
    const p = job.preview;
    if (!p) return null;
    const slices = extractOrthoSlices(p.volume, job.previewAt);
    return transfer({ iteration: p.iteration, slices, window: p.window }, sliceBuffers(slices));
  };

  return {
    async ping() {
      return 'pong' as const;
    },

    async simulate(jobId, req, onProgress) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        const t0 = now();
        const result = await simulateTiltSeries(simulateOptions(req), {
          signal: job.abort.signal,
          onProgress: (f, detail) => progress.update({ fraction: 0.9 * f, stage: detail }),
        });
        progress.update({ fraction: 0.95, stage: 'writing the stack' }, true);
        const files = seriesFiles(result, req);
        const ts = result.tiltSeries;
        const key = `sim:${jobId}`;
        series = {
          key,
          nx: ts.nx,
          ny: ts.ny,
          nviews: ts.nviews,
          data: ts.data,
          pixelSizeA: ts.pixelSizeA,
          anglesDeg: result.anglesDeg,
        };
        const { nx, ny, nz } = result.truth;
        const out = {
          files,
          seriesKey: key,
          truthId: keep(result.truth),
          truthDims: { nx, ny, nz },
          anglesDeg: result.anglesDeg,
          warnings: result.warnings,
          seconds: (now() - t0) / 1000,
        };
        return transfer(
          out,
          files.map((f) => f.bytes.buffer as ArrayBuffer),
        );
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async reconstruct(jobId, req, onProgress, onPreview) {
      const job = begin(jobId);
      job.previewAt = req.previewAt;
      const signal = job.abort.signal;
      const progress = progressReporter(onProgress);
      try {
        const t0 = now();
        const src = req.source;
        const s = await loadSeries(src, progress, signal);
        // refuse before any volume is allocated, instead of the tab running out of memory
        checkBrowserRecon({ nu: s.nx, nv: s.ny, nviews: s.nviews, ...req }, req.budgetBytes);
        const device = await chooseDevice(req.device ?? 'auto');
        const iterative = req.method !== 'wbp';
        let lastPreview = -Infinity;
        let dims = { nx: 0, ny: 0, nz: 0 };
        let fallbackNote = '';
        const result = await reconstruct({
          data: s.data,
          nu: s.nx,
          nv: s.ny,
          nviews: s.nviews,
          pixelSizeA: s.pixelSizeA,
          ...reconParams(s, req, src.name),
          createProjector: (geometry, volumeDims, detectorDims) => {
            dims = { ...volumeDims };
            return device.createProjector(geometry, volumeDims, detectorDims);
          },
          createFallbackProjector: device.fallback,
          onDeviceFallback: (e) => {
            fallbackNote = e.message; // shown as the stage now and as the device note in the result
            progress.update({ ...progress.last, stage: e.message }, true);
          },
          signal,
          onProgress: (p) =>
            progress.update({
              fraction: 0.03 + 0.95 * p.fraction,
              stage: p.stage,
              iteration: p.iteration,
              iterations: iterative ? req.iterations : undefined,
              residual: p.residual ?? progress.last.residual,
            }),
          previewEvery: iterative ? (req.previewEvery ?? 1) : undefined,
          onPreview: (data, iteration) => {
            if (!onPreview || now() - lastPreview < MIN_PREVIEW_INTERVAL_MS) return;
            lastPreview = now();
            const volume: Volume = { ...dims, data, voxelSizeA: [1, 1, 1] };
            job.preview = { volume, iteration, window: autoContrast(data) };
            const event = previewOf(job);
            if (event) void onPreview(event);
          },
        });
        const volume = result.volume;
        const copy = volume.data.slice();
        const seconds = (now() - t0) / 1000;
        const out: ReconstructJobResult = {
          volumeId: keep(volume),
          volume: { ...volume, data: copy },
          window: autoContrast(volume.data),
          method: req.method,
          device:
            result.device.startsWith('cpu') && device.label.startsWith('cpu') ? device.label : result.device,
          deviceNote: fallbackNote || device.note,
          seconds,
          voxelUpdatesPerSecond: result.voxelUpdates / Math.max(1e-9, result.seconds),
          residuals: result.residuals,
          iterations: result.iterations,
        };
        progress.update({ fraction: 1, stage: 'done' }, true);
        return transfer(out, [copy.buffer]);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async reconstructSlabs(jobId, req, onProgress, onPreview) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        const r = await startSlabJob(jobId, req, progress, job.abort.signal, onPreview, transfer);
        return transfer(r, sliceBuffers(r.slices));
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async metrics(jobId, req, onProgress) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        const rec = volumeOf(req.rec, 'reconstruction');
        const truth = volumeOf(req.truth, 'truth');
        const cancel = abortedBy(job.abort.signal, req.cancelFlag);
        const mask = maskGeometry(req.importOptions);
        return await scoreReconstruction(rec, truth, req.tiltsDeg, progress, cancel, mask);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async halfSet(jobId, req, onProgress) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        const s = await loadSeries(req.source, progress, job.abort.signal);
        // each half is one reconstruction (the other is kept): the same refusal as reconstruct
        checkBrowserRecon({ nu: s.nx, nv: s.ny, nviews: s.nviews, ...req }, req.budgetBytes);
        const device = await chooseDevice(req.device ?? 'auto');
        const cancel = abortedBy(job.abort.signal, req.cancelFlag);
        return await runHalfSet(s, req, device.createProjector, progress, job.abort.signal, cancel, 0.03);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async setPreviewPosition(jobId, at) {
      const job = jobs.get(jobId);
      if (!job) return null;
      job.previewAt = at;
      return previewOf(job);
    },

    async slices(volumeId, at) {
      const s = extractOrthoSlices(volumeOf({ id: volumeId }, 'volume'), at);
      return transfer(s, sliceBuffers(s));
    },

    async cancel(jobId) {
      const job = jobs.get(jobId);
      if (job) job.abort.abort();
      else cancelledEarly.add(jobId);
    },

    async release(volumeId) {
      kept.delete(volumeId);
    },
  };
}
