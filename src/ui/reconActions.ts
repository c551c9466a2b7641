/**
 * Simulate / reconstruct / score actions (the recon client and the ortho feed are reconJobs.ts's, Align only
 * alignActions.ts's), and the first-start demo simulated with the same code. State lands in the stores;
 * volumes go to the volume cache.
 */
import { oneLine } from '../core/errors.ts';
import type { GeometryImportOptions } from '../core/geometry/index.ts';
import { parseViewList } from '../pipeline/index.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import { planPageRecipe } from '../jobs/pagePlan.ts';
import type {
  HalfSetJobResult,
  MetricsJobResult,
  ReconstructJobResult,
  RecipeJobRequest,
  SimulateJobRequest,
  SimulateJobResult,
  SlabJobResult,
} from '../jobs/reconTypes.ts';
import type { Job } from '../jobs/runner.ts';
import { seriesSources } from '../jobs/seriesSources.ts';
import { volumeCache } from '../jobs/volumeCache.ts';
import { useAppStore } from '../state/appStore.ts';
import { DEFAULT_SIM, useReconStore, type SimParams } from '../state/reconStore.ts';
import { openDemo as openBuiltInDemo, openFiles } from './controller.ts';
import { keepAlignment, pageWords, reconstructRequest } from './alignActions.ts';
import { isCancelled } from './errors.ts';
import { fail, onProgress, ortho, recon, track } from './reconJobs.ts';
import { buildRecipe } from './reconRequest.ts';
import { saveBytes } from './saveFile.ts';
import { thinCurve } from './LossPlot.tsx';
import { claimSlabFile, discardSlabFile, downloadName, releaseSlabFile } from './slabResult.ts';
import { keepHalfSet, keepResult, keepSlabResult } from './resultsActions.ts';

const store = useReconStore;

export { ortho, recon };

// a new dataset: the views and results of the previous one no longer apply
useAppStore.subscribe((s, prev) => {
  if (s.dataset?.id === prev.dataset?.id) return;
  // import options belong to a dataset
  store.getState().setImportOptions(null);
  const r = store.getState().result;
  if (r && r.datasetId !== s.dataset?.id) {
    discardSlabFile(r);
    ortho.clear();
    store.getState().setResult(null);
    store.getState().setMetrics(null);
    store.getState().setHalfSet(null);
    lastRequest = null;
  }
});

/** The recipe and files behind the last result: the half-set FSC repeats it on the two half sets. */
let lastRequest: (RecipeJobRequest & { volumeId: number }) | null = null;

/**
 * The first-start demo: the Simulate panel's defaults (a small noisy series of mixed shapes), simulated in the
 * worker, so the panel shows what made the demo.
 */
export const DEMO: SimParams & { prefix: string } = {
  ...DEFAULT_SIM,
  prefix: `demo-${DEFAULT_SIM.phantom}`,
};

/** `unlessOpened`: the first-start demo, which must not replace a file the user opened while it simulated */
export async function simulate(
  params: SimParams = store.getState().sim,
  prefix?: string,
  unlessOpened = false,
): Promise<boolean> {
  const before = useAppStore.getState().dataset?.id;
  if (store.getState().job) return false;
  const req: SimulateJobRequest = {
    phantom: params.phantom,
    nx: params.size,
    ny: params.size,
    nz: params.thickness,
    tiltMinDeg: params.tiltMinDeg,
    tiltMaxDeg: params.tiltMaxDeg,
    tiltStepDeg: params.tiltStepDeg,
    order: params.order,
    doseEA2: params.doseEA2,
    shiftSigmaPx: params.shiftSigmaPx,
    axisErrorDeg: params.axisErrorDeg,
    prefix: prefix ?? `sim-${params.phantom}-${params.size}`,
  };
  const job: Job<SimulateJobResult> = recon.simulate(
    req,
    onProgress(() => job.id),
  );
  try {
    const r = await track(job, 'simulate');
    const files = r.files.map((f) => new File([f.bytes as Uint8Array<ArrayBuffer>], f.name));
    if (unlessOpened && useAppStore.getState().dataset?.id !== before) return true;
    const summary = await openFiles(files);
    if (!summary) return false;
    const { truthId, truthDims, anglesDeg, seconds } = r;
    store.getState().setSimulation({
      datasetId: summary.id,
      truthId,
      truthDims,
      anglesDeg,
      seconds,
      shiftSigmaPx: params.shiftSigmaPx,
    });
    store.getState().setRecon({ thickness: truthDims.nz, bin: 1 });
    return true;
  } catch (e) {
    fail('Could not simulate the tilt series', e, 'Try a smaller size or another phantom.');
    return false;
  }
}

/**
 * The demo from the simulator; the built-in io demo only if simulation fails. `firstStart`: the page's own
 * demo, which gives way to a file the user opens before it is ready.
 */
export async function openDemo({ firstStart = false } = {}): Promise<void> {
  if (await simulate(DEMO, DEMO.prefix, firstStart)) return;
  if (!useAppStore.getState().dataset) await openBuiltInDemo();
}

export async function reconstruct(): Promise<void> {
  const ds = useAppStore.getState().dataset;
  const { job: running, recon: p, simulation, importOptions } = store.getState();
  if (running || !ds) return;
  const origin = seriesSources.get(ds.id);
  if (!origin || !ds.tiltAnglesDeg) {
    useAppStore.getState().showError({
      title: `Cannot reconstruct ${ds.name}`,
      message: ds.tiltAnglesDeg ? 'the stack is no longer available' : 'the stack has no tilt angles',
      hint: 'Open the stack together with its .tlt, .rawtlt or .mdoc.',
    });
    return;
  }
  const built = buildRecipe(origin, p, importOptions, ds.nz);
  // the panel shows the problem inline and disables its button; this only guards other callers
  if (!built.ok) return;
  const budgetBytes = browserBudgetBytes();
  // the alignment held (Align only) travels as an .xf while its settings are unchanged
  const { request, alignedBy, reused } = reconstructRequest(ds, built.recipe, built.files, budgetBytes);
  const series = { nu: ds.nx, nv: ds.ny, nviews: ds.nz, anglesDeg: ds.tiltAnglesDeg };
  const plan = planPageRecipe(series, request.recipe, budgetBytes);
  if (plan.mode === 'refused') {
    useAppStore.getState().showError({
      title: `Cannot reconstruct ${ds.name}`,
      message: plan.message,
      hint: 'Use a larger bin or a smaller thickness.',
    });
    return;
  }
  // the worker decides whole or slabs with the device it gets; a slab result needs a locked storage name
  const storageName = await claimSlabFile();
  const job: Job<ReconstructJobResult | SlabJobResult> = recon.reconstruct(
    { ...request, previewAt: ortho.position() ?? undefined, storageName },
    onProgress(() => job.id),
    (event) => ortho.showPreview(job.id, event),
  );
  try {
    const r = await track(job, 'reconstruct');
    discardSlabFile(store.getState().result);
    if (r.alignment) keepAlignment(ds, built.recipe, r.alignment, 'reconstruct');
    store.getState().setResultView('tomogram');
    const base = {
      datasetId: ds.id,
      method: r.method,
      device: r.device,
      deviceNote: r.deviceNote,
      seconds: r.seconds,
      voxelUpdatesPerSecond: r.voxelUpdatesPerSecond,
      iterations: r.iterations,
      lastResidual: r.residuals.at(-1) ?? null,
      ...(r.method === 'cn'
        ? { lossCurve: lossCurveOf(r.residuals) }
        : r.residuals.length > 1
          ? { residualCurve: lossCurveOf(r.residuals) }
          : {}),
      importOptions: { ...importOptions },
      recipe: r.recipe,
      warnings: r.warnings,
      // a reused .xf carries the tilt axis: the recipe's own angle was cleared for it
      axisRotationDeg: reused ? reused.axisRotationDeg : r.axisRotationDeg,
      axisFrom: reused ? `${reused.method} alignment` : r.axisFrom,
      ...(alignedBy ? { alignedBy } : {}),
    };
    if (r.kind === 'slabs') {
      ortho.showFixed(r.slices, r.window);
      const { fileName, fileBytes, slabs, slabRows } = r;
      store.getState().setResult({
        ...base,
        volumeId: -1,
        dims: r.dims,
        slab: { fileName, fileBytes, slabs, slabRows, downloadName: downloadName(ds.name, r.method) },
      });
      lastRequest = null;
      store.getState().setMetrics(null, 'metrics vs truth are skipped in slab mode (volume not in memory)');
      store.getState().setHalfSet(null);
      await keepSlabResult(store.getState().result!);
      return;
    }
    void releaseSlabFile(storageName);
    volumeCache.put(r.volumeId, { volume: r.volume, window: r.window, network: r.network });
    ortho.showVolume(r.volumeId);
    const { nx, ny, nz } = r.volume;
    store.getState().setResult({ ...base, volumeId: r.volumeId, dims: { nx, ny, nz } });
    lastRequest = { ...request, volumeId: r.volumeId };
    store.getState().setMetrics(null);
    store.getState().setHalfSet(null);
    if (simulation?.datasetId === ds.id) {
      const views = parseViewList(r.recipe.reconstruct.excludeViews, simulation.anglesDeg.length);
      const skip = new Set(views.ok ? views.views : []);
      const tilts = simulation.anglesDeg.filter((_, i) => !skip.has(i));
      await score(r.volumeId, simulation.truthId, tilts, importOptions);
    }
    await keepResult(store.getState().result!, store.getState().metrics, r.window);
  } catch (e) {
    void releaseSlabFile(storageName);
    // the views go back to the result the panel still shows, not the stopped job's last preview
    ortho.restoreResult();
    fail(`Could not reconstruct ${ds.name}`, e, 'Try WBP, a larger bin or a smaller thickness.', pageWords);
  } finally {
    ortho.endPreview(job.id);
  }
}

/** Forgets the shown result (and deletes its file in browser storage, for a slab-mode result). */
export function dismissResult(): void {
  if (store.getState().job) return;
  discardSlabFile(store.getState().result);
  ortho.clear();
  store.getState().setResult(null);
  store.getState().setMetrics(null);
  store.getState().setHalfSet(null);
  lastRequest = null;
}

async function score(
  volumeId: number,
  truthId: number,
  tiltsDeg: number[],
  importOptions: GeometryImportOptions,
): Promise<void> {
  const job: Job<MetricsJobResult> = recon.metrics(
    { rec: { id: volumeId }, truth: { id: truthId }, tiltsDeg, importOptions },
    onProgress(() => job.id),
  );
  try {
    store.getState().setMetrics(await track(job, 'metrics'));
  } catch (e) {
    store.getState().setMetrics(null, isCancelled(e) ? 'scoring cancelled' : oneLine(e));
  }
}

/** Half-set FSC of the shown result: its recipe again, on each of the two half sets. */
export async function runHalfSet(): Promise<void> {
  const request = lastRequest;
  // a kept result shown again has no request here (its series may be closed)
  if (store.getState().job || !request || request.volumeId !== store.getState().result?.volumeId) return;
  store.getState().setHalfSet(null, 'reconstructing the half sets…');
  const job: Job<HalfSetJobResult> = recon.halfSet(
    request,
    onProgress(() => job.id),
  );
  try {
    const h = await track(job, 'half-set');
    store.getState().setHalfSet(h);
    keepHalfSet(request.volumeId, h);
  } catch (e) {
    store.getState().setHalfSet(null, isCancelled(e) ? 'half-set FSC cancelled' : oneLine(e));
  }
}

/** The coordinate network's loss per step, thinned for the store. */
function lossCurveOf(losses: number[]): { steps: number[]; losses: number[] } {
  const [steps, ys] = thinCurve(
    losses.map((_, i) => i + 1),
    losses,
  );
  return { steps, losses: ys };
}

/** cn: the trained networks as a .wlcn file, for --load-network (continue the fit, or --upsample it). */
export function downloadNetwork(): void {
  const r = store.getState().result;
  const ds = useAppStore.getState().dataset;
  const network = r ? volumeCache.get(r.volumeId)?.network : undefined;
  if (!r || !network) {
    fail(
      'Could not save the network',
      new Error('the network is no longer kept'),
      'Reconstruct again with CN.',
    );
    return;
  }
  saveBytes(network, downloadName(ds?.name ?? 'tomogram', 'cn').replace(/\.mrc$/, '.wlcn'));
}

export function cancelJob(): void {
  store.getState().job?.cancel();
}
