/**
 * Align only, and the alignment a reconstruction uses: the recipe's load → align run in the recon worker
 * (progress 'aligning: view k', Cancel), its result kept in the store for the plots and the .xf/.tlt
 * downloads, and handed to the next Reconstruct as an .xf (input.xf, src/jobs/alignReuse.ts) while the
 * settings it was made with are unchanged, so the tomogram uses the alignment the user inspected.
 */
import type { AlignJobResult, AlignmentSummary } from '../jobs/alignTypes.ts';
import { alignmentKey, reuseAlignment } from '../jobs/alignReuse.ts';
import type { RecipeJobRequest } from '../jobs/reconTypes.ts';
import type { Job } from '../jobs/runner.ts';
import { seriesSources } from '../jobs/seriesSources.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import type { DatasetSummary } from '../jobs/types.ts';
import { formatTlt, formatXf } from '../io/meta/index.ts';
import type { Recipe } from '../pipeline/index.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore, type AlignmentState } from '../state/reconStore.ts';
import { errorCode } from './errors.ts';
import { fail, onProgress, recon, track } from './reconJobs.ts';
import { buildRecipe } from './reconRequest.ts';
import { saveBytes } from './saveFile.ts';
import { claimSlabFile, downloadStoredFile, releaseSlabFile } from './slabResult.ts';

const store = useReconStore;

// an alignment belongs to its dataset
useAppStore.subscribe((s, prev) => {
  if (s.dataset?.id === prev.dataset?.id) return;
  const a = store.getState().alignment;
  if (a && a.datasetId !== s.dataset?.id) store.getState().setAlignment(null);
});

/** The pipeline's advice names CLI flags; the page's fields are called Align and Tilt axis °. */
export const pageWords = (line: string): string =>
  line.replace(/--align /g, 'Align ').replace(/--axis-rotation/g, 'the Tilt axis ° field');

/** Whether the held alignment `a` is the one `recipe` would make ('same'), another ('changed'), or none. */
export function alignmentReuse(
  a: AlignmentState | null,
  recipe: Recipe | null,
  datasetId: number | undefined,
): 'same' | 'changed' | null {
  if (!a || !recipe || a.datasetId !== datasetId) return null;
  return a.key === alignmentKey(recipe) ? 'same' : 'changed';
}

export async function alignOnly(): Promise<void> {
  const ds = useAppStore.getState().dataset;
  const { job: running, recon: p, importOptions } = store.getState();
  if (running || !ds || !ds.tiltAnglesDeg) return;
  const origin = seriesSources.get(ds.id);
  if (!origin) {
    useAppStore.getState().showError({
      title: `Cannot align ${ds.name}`,
      message: 'the stack is no longer available',
      hint: 'Open the stack again, together with its .tlt, .rawtlt or .mdoc.',
    });
    return;
  }
  const built = buildRecipe(origin, p, importOptions, ds.nz);
  // the panel shows the problem inline and disables the button; this only guards other callers
  if (!built.ok || built.recipe.align.method === 'none') return;
  const job: Job<AlignJobResult> = recon.align(
    { recipe: built.recipe, files: built.files, budgetBytes: browserBudgetBytes() },
    onProgress(() => job.id),
  );
  try {
    const r = await track(job, 'align');
    keepAlignment(ds, built.recipe, r.alignment, 'align-only');
  } catch (e) {
    const unsupported = errorCode(e) === 'unsupported';
    fail(
      `Could not align ${ds.name}`,
      e,
      unsupported
        ? `Choose another Align method${p.align.axisSearch ? ', or turn Search tilt axis off' : ''}.`
        : 'Exclude the views it names, or try another Align method.',
      pageWords,
    );
  }
}

/** Keeps an alignment for the plots, the downloads and the next Reconstruct; shows it after Align only. */
export function keepAlignment(
  ds: DatasetSummary,
  recipe: Recipe,
  a: AlignmentSummary,
  source: AlignmentState['source'],
): void {
  store
    .getState()
    .setAlignment({ ...a, datasetId: ds.id, key: alignmentKey(recipe), source, stack: ds.name });
  if (source === 'align-only') store.getState().setResultView('alignment');
}

/**
 * The request Reconstruct sends: with the held alignment as an .xf when it was made with these settings,
 * else the recipe as built (the worker aligns first when align.method ≠ none). `alignedBy` names which.
 */
export function reconstructRequest(
  ds: DatasetSummary,
  recipe: Recipe,
  files: Record<string, Blob>,
  budgetBytes: number,
): { request: RecipeJobRequest; alignedBy?: string; reused?: AlignmentState } {
  const plain = { request: { recipe, files, budgetBytes } };
  if (recipe.align.method === 'none') return plain;
  const a = store.getState().alignment;
  if (a && alignmentReuse(a, recipe, ds.id) === 'same') {
    const reuse = reuseAlignment(recipe, files, a, ds.nz);
    const from = a.source === 'align-only' ? 'Align only' : 'the last reconstruction';
    if (reuse)
      return { request: { ...reuse, budgetBytes }, alignedBy: `${a.method} (from ${from})`, reused: a };
  }
  return { ...plain, alignedBy: `${recipe.align.method} (aligned for this run)` };
}

const stem = (name: string): string => name.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '') || 'series';

/** The held alignment as an IMOD .xf, one line per view (raw → aligned). */
export function downloadXf(): void {
  const a = store.getState().alignment;
  if (!a) return;
  saveBytes(
    new TextEncoder().encode(formatXf(a.transforms)),
    `${stem(a.stack)}_${a.method}.xf`,
    'text/plain',
  );
}

/** The tilt angles the alignment used (refined: + its tilt offset) as a .tlt. */
export function downloadTlt(): void {
  const a = store.getState().alignment;
  if (!a) return;
  const text = formatTlt(a.anglesDeg.map((t) => t + a.tiltOffsetDeg));
  saveBytes(new TextEncoder().encode(text), `${stem(a.stack)}_${a.method}.tlt`, 'text/plain');
}

/**
 * The aligned stack (IMOD .ali) of the held alignment, nudges included: the views resampled through its
 * transforms in the recon worker into browser storage, handed to the download, then deleted.
 */
export async function downloadAlignedStack(): Promise<void> {
  const a = store.getState().alignment;
  const ds = useAppStore.getState().dataset;
  const origin = ds ? seriesSources.get(ds.id) : undefined;
  if (!a || !ds || !origin || store.getState().job) return;
  const built = buildRecipe(origin, store.getState().recon, store.getState().importOptions, ds.nz);
  if (!built.ok) return;
  const name = await claimSlabFile();
  const xfName = `${stem(a.stack)}_${a.method}.xf`;
  const r = built.recipe;
  const recipe: Recipe = {
    ...r,
    input: { ...r.input, xf: xfName },
    // the transforms hold the tilt-axis rotation already
    geometry: { ...r.geometry, axisRotationDeg: 0, axisRotated180: false },
    align: { ...r.align, method: 'none', axisSearch: false },
    export: { ...r.export, alignedStack: name },
  };
  const files = { ...built.files, [xfName]: new Blob([formatXf(a.transforms)], { type: 'text/plain' }) };
  const job = recon.alignedStack(
    { recipe, files, budgetBytes: browserBudgetBytes() },
    onProgress(() => job.id),
  );
  try {
    await track(job, 'align');
    await downloadStoredFile(name, `${stem(a.stack)}_${a.method}.ali`);
    // the download reads the stored file after this returns: delete it later
    setTimeout(() => void releaseSlabFile(name), 60_000);
  } catch (e) {
    void releaseSlabFile(name);
    fail(
      `Could not write the aligned stack of ${a.stack}`,
      e,
      'Align again, or reconstruct with the alignment.',
    );
  }
}
