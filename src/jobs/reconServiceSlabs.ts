/**
 * The recon service's slab-mode reconstruct: opens the stack's header (rows are read per slab, never the
 * whole series), re-checks the plan under the page's budget, and runs reconSlabJob.ts into the Origin
 * Private File System, streaming the three slices as previews.
 */
import { WedgeLabError } from '../core/errors.ts';
import { blobSource, maybeDecompress, openMrc } from '../io/mrc/index.ts';
import { sliceBuffers } from './orthoSlices.ts';
import { isStorageName, OPFS_PREFIX, opfsStorage } from './opfs.ts';
import { browserBudgetBytes } from './reconBudget.ts';
import { chooseDevice } from './reconDevice.ts';
import type { ProgressReporter } from './reconProgress.ts';
import { reconParams } from './reconRequest.ts';
import { runSlabJob } from './reconSlabJob.ts';
import { checkPlan, planReconJob } from './reconSlabPlan.ts';
import type { PreviewCallback, ReconstructJobRequest, SlabJobResult } from './reconTypes.ts';

type TransferFn = <T>(value: T, buffers: Transferable[]) => T;

export async function startSlabJob(
  jobId: number,
  req: ReconstructJobRequest,
  progress: ProgressReporter,
  signal: AbortSignal,
  onPreview: PreviewCallback | undefined,
  transfer: TransferFn,
): Promise<SlabJobResult> {
  const src = req.source;
  if (req.storageName !== undefined && !isStorageName(req.storageName)) {
    throw new WedgeLabError('bad-argument', `not a WedgeLab storage file name: ${req.storageName}`);
  }
  progress.update({ fraction: 0, stage: 'reading the header' }, true);
  const mrc = await openMrc(await maybeDecompress(blobSource(src.file, src.name)));
  const { nx, ny } = mrc.header;
  const nviews = mrc.nsections;
  if (src.anglesDeg.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${src.name} has ${nviews} sections but ${src.anglesDeg.length} tilt angles; open it with its own .tlt`,
    );
  }
  const params = reconParams({ anglesDeg: src.anglesDeg }, req, src.name);
  const budget = req.budgetBytes ?? browserBudgetBytes();
  const plan = checkPlan(planReconJob({ nu: nx, nv: ny, nviews, anglesDeg: src.anglesDeg }, req, budget));
  const slabRows = plan.mode === 'slabs' ? plan.slabRows : Math.floor(ny / (req.bin ?? 1));
  const device = await chooseDevice(req.device ?? 'auto');
  const px = Math.abs(mrc.header.voxelSizeA[0]);
  const t0 = performance.now();
  const r = await runSlabJob(mrc, opfsStorage(), device, {
    params,
    pixelSizeA: Number.isFinite(px) ? px : 0,
    slabRows,
    fileName: req.storageName ?? `${OPFS_PREFIX}recon-${jobId}-${Date.now()}.mrc`,
    program: `wedgelab ${req.method} (slab mode)`,
    previewAt: req.previewAt,
    signal,
    onProgress: (p) =>
      progress.update({
        ...p,
        iterations: req.method === 'wbp' ? undefined : req.iterations,
        residual: p.residual ?? progress.last.residual,
      }),
    onSlices: (slices, window, stage) => {
      if (onPreview) void onPreview(transfer({ iteration: 0, stage, slices, window }, sliceBuffers(slices)));
    },
  });
  progress.update({ fraction: 1, stage: 'done' }, true);
  return {
    fileName: r.fileName,
    fileBytes: r.fileBytes,
    slabs: r.slabs,
    slabRows,
    dims: r.dims,
    slices: r.slices,
    window: r.window,
    method: req.method,
    device: r.device.startsWith('cpu') && device.label.startsWith('cpu') ? device.label : r.device,
    deviceNote: device.note,
    seconds: (performance.now() - t0) / 1000,
    voxelUpdatesPerSecond: r.voxelUpdates / Math.max(1e-9, r.seconds),
    residuals: r.residuals,
    iterations: r.iterations,
  };
}
