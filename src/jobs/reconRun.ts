/**
 * The recon worker's reconstruct and half-set jobs: a recipe run by the pipeline (src/pipeline) through the
 * page host (pipelineHost.ts), with live previews (iterations: slices of the current volume; slab mode: the
 * slices built slab by slab) and the results shaped for the page.
 */
import type { Volume } from '../core/types.ts';
import { runRecipe, type RunResult } from '../pipeline/index.ts';
import { alignmentSummary } from './alignRun.ts';
import { autoContrast } from '../render/contrast.ts';
import { crossingSummary, knownVoxelSize } from './reconMetrics.ts';
import { extractOrthoSlabs } from './orthoSlabs.ts';
import { sliceBuffers, type VoxelPos } from './orthoSlices.ts';
import type { SlabStorage } from './opfs.ts';
import { pageHost } from './pipelineHost.ts';
import type { ProgressReporter } from './reconProgress.ts';
import { slabSlices } from './slabPreview.ts';
import { browserBudgetBytes } from './tabBudget.ts';
import type {
  HalfSetJobRequest,
  HalfSetJobResult,
  PreviewCallback,
  PreviewEvent,
  ReconstructJobRequest,
  ReconstructJobResult,
  RunSummary,
  SlabJobResult,
} from './reconTypes.ts';

type TransferFn = <T>(value: T, buffers: Transferable[]) => T;

const MIN_PREVIEW_INTERVAL_MS = 250;
const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A job's latest preview volume, re-sliced when the crosshair moves. */
export interface PreviewState {
  previewAt?: VoxelPos;
  /** slices averaged per preview view (the page's Slab) */
  previewSlabPx?: number;
  preview?: { volume: Volume; iteration: number; window: { lo: number; hi: number } };
}

export function previewOf(job: PreviewState, transfer: TransferFn): PreviewEvent | null {
  const p = job.preview;
  if (!p) return null;
  const slabPx = job.previewSlabPx ?? 1;
  const slices = extractOrthoSlabs(p.volume, job.previewAt, slabPx);
  return transfer({ iteration: p.iteration, slices, window: p.window, slabPx }, sliceBuffers(slices));
}

function summary(r: RunResult, warnings: string[]): RunSummary {
  const a = r.alignment;
  // the angles the series was aligned with: the file's, with the import options applied
  const sign = r.recipe.geometry.invertAngles ? -1 : 1;
  return {
    recipe: r.recipe,
    recipeHash: r.recipeHash,
    warnings,
    axisRotationDeg: r.series.axisRotationDeg,
    axisFrom: r.series.axisFrom,
    ...(a
      ? {
          alignment: alignmentSummary(
            a,
            r.series.anglesDeg.map((t) => sign * t),
            a.seconds,
          ),
        }
      : {}),
  };
}

export async function runReconstructJob(
  req: ReconstructJobRequest,
  job: PreviewState,
  progress: ProgressReporter,
  signal: AbortSignal,
  onPreview: PreviewCallback | undefined,
  transfer: TransferFn,
  keep: (v: Volume) => number,
  storage?: SlabStorage,
): Promise<ReconstructJobResult | SlabJobResult> {
  let lastPreview = -Infinity;
  const host = pageHost({
    files: req.files,
    budgetBytes: req.budgetBytes ?? browserBudgetBytes(),
    progress,
    signal,
    storage,
    preview: ({ data, dims, iteration }) => {
      if (!onPreview || now() - lastPreview < MIN_PREVIEW_INTERVAL_MS) return;
      lastPreview = now();
      job.preview = {
        volume: { ...dims, data, voxelSizeA: [1, 1, 1] },
        iteration,
        window: autoContrast(data),
      };
      const event = previewOf(job, transfer);
      if (event) void onPreview(event);
    },
  });
  let slabs: ReturnType<typeof slabSlices> | null = null;
  const t0 = now();
  const r = await runRecipe(req.recipe, host, {
    slabVolume: req.storageName,
    onSlab: (slab, { index, total, dims }) => {
      slabs ??= slabSlices(dims, req.previewAt);
      slabs.add(slab);
      if (!onPreview) return;
      const slices = slabs.slices();
      void onPreview(
        transfer(
          { iteration: 0, stage: `slab ${index}/${total}`, slices, window: slabs.window() },
          sliceBuffers(slices),
        ),
      );
    },
  });
  progress.update({ fraction: 1, stage: 'done' }, true);
  const common = {
    method: r.recipe.reconstruct.method,
    device: r.device.name,
    deviceNote:
      r.deviceFallback ?? (r.device.reason || (r.device.kind === 'gpu' ? 'GPU adapter found' : 'chosen')),
    seconds: (now() - t0) / 1000,
    voxelUpdatesPerSecond: r.voxelUpdates / Math.max(1e-9, r.seconds),
    // cn: the loss per training step in place of a residual curve
    residuals: r.cn ? r.cn.lossCurve : r.residuals,
    iterations: r.iterations,
    ...summary(r, host.warnings),
  };
  if (r.slabs && r.out) {
    const preview = slabs ?? slabSlices(r.dims, req.previewAt);
    return {
      kind: 'slabs',
      fileName: r.out.volume,
      fileBytes: r.out.bytes,
      slabs: r.slabs.count,
      slabRows: r.slabs.rows,
      dims: r.dims,
      slices: preview.slices(),
      window: preview.window(),
      ...common,
    };
  }
  const volume = r.volume!;
  const copy = volume.data.slice();
  return {
    kind: 'volume',
    volumeId: keep(volume),
    volume: { ...volume, data: copy },
    window: autoContrast(volume.data),
    ...common,
    ...(r.cn ? { network: r.cn.file } : {}),
  };
}

export async function runHalfSetJob(
  req: HalfSetJobRequest,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<HalfSetJobResult> {
  const t0 = now();
  const host = pageHost({
    files: req.files,
    budgetBytes: req.budgetBytes ?? browserBudgetBytes(),
    progress,
    signal,
    cancelFlag: req.cancelFlag,
  });
  const recipe = { ...req.recipe, score: { halfSet: true } };
  const r = await runRecipe(recipe, host, { reconstruct: false });
  const h = r.halfSet!;
  const voxelSizeA = knownVoxelSize(h.half1);
  progress.update({ fraction: 1, stage: 'done' }, true);
  const f = h.fsc;
  return {
    fsc: { freq: f.total.freq, all: f.total.fsc, present: f.present?.fsc, missing: f.missing?.fsc },
    fsc143: crossingSummary(f.total.fsc143, voxelSizeA),
    fsc05: crossingSummary(f.total.fsc05, voxelSizeA),
    voxelSizeA,
    half1Views: h.half1Views.length,
    half2Views: h.half2Views.length,
    warning: h.warning,
    seconds: (now() - t0) / 1000,
  };
}
