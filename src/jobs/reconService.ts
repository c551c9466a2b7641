/**
 * The recon service: simulate, align, reconstruct and score as cancellable jobs with progress and live
 * previews. It runs inside workers/recon.worker.ts, or on the main thread when Workers are unavailable.
 * Reconstruction is the pipeline's (reconRun.ts), alignment too (alignRun.ts); this file keeps job bookkeeping
 * and the kept volumes.
 */
import { WedgeLabError } from '../core/errors.ts';
import type { Volume } from '../core/types.ts';
import { encodeVolumeMrc, maskGeometry, recipeHash, upsampledFromFile } from '../pipeline/index.ts';
import { runAlignedStackJob, runAlignJob } from './alignRun.ts';
import { abortedBy } from './cancelFlag.ts';
import type { SlabStorage } from './opfs.ts';
import { extractOrthoSlices, sliceBuffers, type VoxelPos } from './orthoSlices.ts';
import { scoreReconstruction } from './reconMetrics.ts';
import { progressReporter } from './reconProgress.ts';
import { browserBudgetBytes } from './tabBudget.ts';
import { previewOf, runHalfSetJob, runReconstructJob } from './reconRun.ts';
import { seriesFiles, simulateOptions, simulateTiltSeries } from './reconSimulate.ts';
import type { PreviewEvent, ReconApi, VolumeArg } from './reconTypes.ts';
import { createTeachRunner } from './teachRun.ts';

/** Marks buffers for transfer (Comlink.transfer in the worker; identity on the main thread). */
export type TransferFn = <T>(value: T, buffers: Transferable[]) => T;

interface RunningJob {
  abort: AbortController;
  previewAt?: VoxelPos;
  previewSlabPx?: number;
  preview?: { volume: Volume; iteration: number; window: { lo: number; hi: number } };
}

/**
 * Volumes kept for metrics and slicing, oldest dropped first: reconstructions and truths in separate pools, so
 * reconstructing a simulated series again and again never drops its truth (its metrics would vanish).
 */
const MAX_KEPT_VOLUMES = 4;
const MAX_KEPT_TRUTHS = 2;
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export function createReconService(opts: { transfer?: TransferFn; storage?: SlabStorage } = {}): ReconApi {
  const transfer: TransferFn = opts.transfer ?? ((v) => v);
  const jobs = new Map<number, RunningJob>();
  const cancelledEarly = new Set<number>();
  const kept = new Map<number, Volume>();
  let nextId = 1;
  const teaching = createTeachRunner();

  const begin = (jobId: number): RunningJob => {
    const job: RunningJob = { abort: new AbortController() };
    if (cancelledEarly.delete(jobId)) job.abort.abort();
    jobs.set(jobId, job);
    return job;
  };
  const truths = new Map<number, Volume>();
  const keepIn = (pool: Map<number, Volume>, max: number, v: Volume): number => {
    const id = nextId++;
    pool.set(id, v);
    for (const old of pool.keys()) {
      if (pool.size <= max) break;
      pool.delete(old);
    }
    return id;
  };
  const keep = (v: Volume): number => keepIn(kept, MAX_KEPT_VOLUMES, v);
  const volumeOf = (arg: VolumeArg, what: string): Volume => {
    if ('data' in arg) return arg;
    const v = kept.get(arg.id) ?? truths.get(arg.id);
    if (!v)
      throw new WedgeLabError('not-found', `the ${what} is no longer kept; simulate or reconstruct again`);
    return v;
  };
  const previewOfJob = (job: RunningJob): PreviewEvent | null => previewOf(job, transfer);

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
        const { nx, ny, nz } = result.truth;
        const out = {
          files,
          truthId: keepIn(truths, MAX_KEPT_TRUTHS, result.truth),
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
      const progress = progressReporter(onProgress);
      try {
        const r = await runReconstructJob(
          req,
          job,
          progress,
          job.abort.signal,
          onPreview,
          transfer,
          keep,
          opts.storage,
        );
        if (r.kind === 'slabs') return transfer(r, sliceBuffers(r.slices));
        const buffers = [r.volume.data.buffer as ArrayBuffer];
        if (r.network) buffers.push(r.network.buffer as ArrayBuffer);
        return transfer(r, buffers);
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
        return await runHalfSetJob(req, progress, job.abort.signal);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async upsampledMrc(jobId, req, onProgress) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        const { recipe } = req;
        const k = recipe.export.upsample;
        const fileBytes = recipe.export.precision === 'float16' ? 2 : 4;
        const budget = { bytes: req.budgetBytes ?? browserBudgetBytes(), what: 'a browser tab has' };
        const v = await upsampledFromFile(req.network, req.voxelSizeA, k, budget, fileBytes, {
          signal: abortedBy(job.abort.signal, req.cancelFlag),
          onProgress: (f) =>
            progress.update({ fraction: 0.95 * f, stage: `evaluating the network ${k}× finer` }),
        });
        progress.update({ fraction: 0.95, stage: 'writing the MRC' }, true);
        const provenance = { version: __WEDGELAB_VERSION__, recipeHash: await recipeHash(recipe) };
        const bytes = encodeVolumeMrc(v, recipe, provenance);
        return transfer(bytes, [bytes.buffer as ArrayBuffer]);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async alignedStack(jobId, req, onProgress) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        return await runAlignedStackJob(req, progress, job.abort.signal);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async align(jobId, req, onProgress) {
      const job = begin(jobId);
      const progress = progressReporter(onProgress);
      try {
        return await runAlignJob(req, progress, job.abort.signal);
      } finally {
        progress.stop();
        jobs.delete(jobId);
      }
    },

    async teach(jobId, req, onReconstruction) {
      const job = begin(jobId);
      try {
        return await teaching.run(req, job.abort.signal, onReconstruction, transfer);
      } finally {
        jobs.delete(jobId);
      }
    },

    async setPreviewPosition(jobId, at, slabPx) {
      const job = jobs.get(jobId);
      if (!job) return null;
      job.previewAt = at;
      if (slabPx !== undefined) job.previewSlabPx = slabPx;
      return previewOfJob(job);
    },

    async volumeMrc(arg, recipe, made) {
      const volume = volumeOf(typeof arg === 'number' ? { id: arg } : arg, 'reconstruction');
      const provenance = { version: __WEDGELAB_VERSION__, recipeHash: await recipeHash(recipe) };
      const bytes = encodeVolumeMrc(volume, recipe, provenance, made);
      return transfer(bytes, [bytes.buffer as ArrayBuffer]);
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
      truths.delete(volumeId);
    },
  };
}
