/**
 * The only door to the recon worker (workers/recon.worker.ts): simulate, align, reconstruct and metrics as
 * Jobs (src/jobs/runner.ts: progress, cancel that settles at once). Falls back to the same service on the main
 * thread when Workers are unavailable, the worker fails to start, or the page has ?worker=0.
 */
import { createCancelFlag, raiseCancelFlag } from './cancelFlag.ts';
import type { VoxelPos, OrthoSlices } from './orthoSlices.ts';
import { startJob, type Job } from './runner.ts';
import { callbackWrapper, connectWorker, type WorkerMode } from './workerConnection.ts';
import type {
  AlignJobRequest,
  HalfSetJobRequest,
  HalfSetJobResult,
  MetricsJobRequest,
  MetricsJobResult,
  PreviewCallback,
  PreviewEvent,
  ProgressCallback,
  ReconApi,
  RecipeJobRequest,
  ReconstructJobRequest,
  ReconstructJobResult,
  SimulateJobRequest,
  SlabJobResult,
  SimulateJobResult,
  TeachCallback,
  TeachJobRequest,
  TeachScore,
  UpsampleJobRequest,
  VolumeArg,
} from './reconTypes.ts';
import type { Recipe } from '../pipeline/index.ts';
import type { AlignJobResult } from './alignTypes.ts';

export type ReconMode = WorkerMode;

export interface ReconClient {
  readonly ready: Promise<ReconMode>;
  simulate(req: SimulateJobRequest, onProgress?: ProgressCallback): Job<SimulateJobResult>;
  reconstruct(
    req: ReconstructJobRequest,
    onProgress?: ProgressCallback,
    onPreview?: PreviewCallback,
  ): Job<ReconstructJobResult | SlabJobResult>;
  /** the shared cancel flag (src/jobs/cancelFlag.ts) is added here: no need to pass one */
  metrics(req: MetricsJobRequest, onProgress?: ProgressCallback): Job<MetricsJobResult>;
  halfSet(req: HalfSetJobRequest, onProgress?: ProgressCallback): Job<HalfSetJobResult>;
  upsampledMrc(req: UpsampleJobRequest, onProgress?: ProgressCallback): Job<Uint8Array>;
  align(req: AlignJobRequest, onProgress?: ProgressCallback): Job<AlignJobResult>;
  alignedStack(req: RecipeJobRequest, onProgress?: ProgressCallback): Job<{ nviews: number }>;
  /** teaching mode's update; the shared cancel flag is added here */
  teach(req: TeachJobRequest, onReconstruction?: TeachCallback): Job<TeachScore>;
  setPreviewPosition(jobId: number, at: VoxelPos, slabPx?: number): Promise<PreviewEvent | null>;
  slices(volumeId: number, at: VoxelPos): Promise<OrthoSlices>;
  volumeMrc(volume: number | VolumeArg, recipe: Recipe, made?: string): Promise<Uint8Array>;
  release(volumeId: number): Promise<void>;
}

function spawnWorker(): Worker {
  return new Worker(new URL('../../workers/recon.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-recon',
  });
}

export function createReconClient(opts: { useWorker?: boolean } = {}): ReconClient {
  const connection = connectWorker<ReconApi>({
    name: 'recon',
    wantWorker: opts.useWorker ?? true,
    spawn: spawnWorker,
    fallback: async () => (await import('./reconService.ts')).createReconService(),
  });
  const api = (): Promise<ReconApi> => connection.then((c) => c.api);
  const callback = callbackWrapper(connection);
  const cancel = async (jobId: number): Promise<void> => (await api()).cancel(jobId);

  return {
    ready: connection.then((c) => c.mode),
    simulate: (req, onProgress) =>
      startJob(
        `simulating ${req.phantom}`,
        async (id) => (await api()).simulate(id, req, await callback(onProgress)),
        cancel,
      ),
    reconstruct: (req, onProgress, onPreview) =>
      startJob(
        `reconstructing (${req.recipe.reconstruct.method.toUpperCase()})`,
        async (id) =>
          (await api()).reconstruct(id, req, await callback(onProgress), await callback(onPreview)),
        cancel,
      ),
    metrics: (req, onProgress) => {
      const cancelFlag = createCancelFlag();
      return startJob(
        'scoring against the truth',
        async (id) => (await api()).metrics(id, { ...req, cancelFlag }, await callback(onProgress)),
        (id) => {
          raiseCancelFlag(cancelFlag);
          return cancel(id);
        },
      );
    },
    halfSet: (req, onProgress) => {
      const cancelFlag = createCancelFlag();
      return startJob(
        `half-set FSC (${req.recipe.reconstruct.method.toUpperCase()}, two half sets)`,
        async (id) => (await api()).halfSet(id, { ...req, cancelFlag }, await callback(onProgress)),
        (id) => {
          raiseCancelFlag(cancelFlag);
          return cancel(id);
        },
      );
    },
    upsampledMrc: (req, onProgress) => {
      const cancelFlag = createCancelFlag();
      return startJob(
        `evaluating the network ${req.recipe.export.upsample}× finer`,
        async (id) => (await api()).upsampledMrc(id, { ...req, cancelFlag }, await callback(onProgress)),
        (id) => {
          raiseCancelFlag(cancelFlag);
          return cancel(id);
        },
      );
    },
    align: (req, onProgress) =>
      startJob(
        `aligning (${req.recipe.align.method})`,
        async (id) => (await api()).align(id, req, await callback(onProgress)),
        cancel,
      ),
    alignedStack: (req, onProgress) =>
      startJob(
        'writing the aligned stack',
        async (id) => (await api()).alignedStack(id, req, await callback(onProgress)),
        cancel,
      ),
    teach: (req, onReconstruction) => {
      const cancelFlag = createCancelFlag();
      return startJob(
        `teaching update (${req.method.toUpperCase()}, ${req.tiltMinDeg}…${req.tiltMaxDeg}°)`,
        async (id) => (await api()).teach(id, { ...req, cancelFlag }, await callback(onReconstruction)),
        (id) => {
          raiseCancelFlag(cancelFlag);
          return cancel(id);
        },
      );
    },
    setPreviewPosition: async (jobId, at, slabPx) => (await api()).setPreviewPosition(jobId, at, slabPx),
    slices: async (volumeId, at) => (await api()).slices(volumeId, at),
    volumeMrc: async (volume, recipe, made) => (await api()).volumeMrc(volume, recipe, made),
    release: async (volumeId) => (await api()).release(volumeId),
  };
}
