/**
 * Kept results: every finished reconstruction goes on the shelf (browser storage, src/jobs/resultShelf.ts)
 * with its recipe and metrics, is listed, can be shown again, compared, exported and deleted, and is still
 * there after a reload. Volumes stay in the main-thread cache while it has room and are read back from
 * storage when they went out.
 */
import { oneLine } from '../core/errors.ts';
import { blobSource, openMrc, readVolume } from '../io/mrc/index.ts';
import type { Recipe } from '../pipeline/index.ts';
import type { HalfSetJobResult, MetricsJobResult } from '../jobs/reconTypes.ts';
import {
  createResultShelf,
  memoryShelfStorage,
  newResultKey,
  opfsShelfStorage,
  type KeptRecord,
} from '../jobs/resultShelf.ts';
import { volumeCache, type CachedVolume } from '../jobs/volumeCache.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore, type ReconSummary } from '../state/reconStore.ts';
import { useResultsStore } from '../state/resultsStore.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import { fail, onProgress, ortho, recon, track } from './reconJobs.ts';
import { keyParams } from './resultLabel.ts';
import { saveBlob, saveBytes } from './saveFile.ts';
import { downloadName, downloadStoredFile, releaseSlabFile, whenSlabFileDeleted } from './slabResult.ts';
import { removeStorageFile } from '../jobs/opfs.ts';

const opfs = opfsShelfStorage();
const shelf = createResultShelf(opfs ?? memoryShelfStorage());
const results = useResultsStore;

/** key → the volume id its volume has in the cache this session */
const volumeIds = new Map<string, number>();
/** ids for volumes read back from storage: far above the worker's */
let nextReadBackId = 1_000_000_000;

type StoredSummary = Omit<ReconSummary, 'volumeId'>;

/** A new record of the result `summary` describes (everything but its volume id, which is this session's). */
function recordOf(
  summary: ReconSummary,
  facts: Pick<KeptRecord, 'window' | 'metrics' | 'bytes' | 'external'>,
): KeptRecord {
  const { volumeId: _, ...rest } = summary;
  return {
    key: newResultKey(),
    createdAt: Date.now(),
    dataset: useAppStore.getState().dataset?.name ?? 'tomogram',
    method: summary.method,
    params: keyParams(summary.recipe),
    seconds: summary.seconds,
    dims: summary.dims,
    recipe: summary.recipe,
    summary: rest as unknown as Record<string, unknown>,
    ...facts,
  };
}

/** Keeps a finished in-memory reconstruction; a storage failure is a note, never a lost result. */
export async function keepResult(
  summary: ReconSummary,
  metrics: MetricsJobResult | null,
  window: { lo: number; hi: number },
): Promise<void> {
  const record = recordOf(summary, { window, metrics, bytes: 0 });
  volumeIds.set(record.key, summary.volumeId);
  results.getState().add(record);
  try {
    const stored = await shelf.put(record, await recon.volumeMrc(summary.volumeId, summary.recipe));
    results.getState().add(stored);
    results
      .getState()
      .setStorageNote(opfs ? null : 'no browser storage here: results go when the tab closes');
  } catch (e) {
    results
      .getState()
      .setStorageNote(`not kept across a reload (${oneLine(e)}): delete older results to make room`);
  }
}

/**
 * A volume made elsewhere, held in this tab's cache and stored as the file came; it joins Compare beside the
 * shown result, which stays shown.
 */
export async function keepImported(record: KeptRecord, mrc: Uint8Array, entry: CachedVolume): Promise<void> {
  const id = nextReadBackId++;
  volumeCache.put(id, entry);
  volumeIds.set(record.key, id);
  // listed once stored, so a reload right after never loses a listed import
  let kept = record;
  try {
    kept = await shelf.put(record, mrc);
  } catch (e) {
    results
      .getState()
      .setStorageNote(`not kept across a reload (${oneLine(e)}): delete older results to make room`);
  }
  const shown = results.getState().shownKey;
  results.getState().add(kept);
  results.getState().setShown(shown);
}

/**
 * A slab-mode result: its MRC is already in browser storage (the slab job wrote it), so only its record
 * goes on the shelf. It is listed while this tab holds it; a reload offers it in StoredResults.tsx.
 */
export async function keepSlabResult(summary: ReconSummary): Promise<void> {
  const slab = summary.slab;
  if (!slab) return;
  const record = recordOf(summary, {
    window: { lo: 0, hi: 1 },
    metrics: null,
    bytes: slab.fileBytes,
    external: slab.fileName,
  });
  results.getState().add(record);
  await shelf.put(record, null).catch(() => {});
}

// a slab file deleted (dismissed, replaced, its dataset closed): its record goes with it
whenSlabFileDeleted((name) => {
  for (const r of results.getState().kept.filter((k) => k.external === name)) {
    results.getState().remove(r.key);
    void shelf.remove(r.key);
  }
});

let restored: Promise<KeptRecord[]> | null = null;

/** Lists what earlier visits kept (once, at start); slab-mode results go to StoredResults.tsx instead. */
export function restoreResults(): Promise<KeptRecord[]> {
  restored ??= (async () => {
    try {
      const kept = await shelf.list();
      const session = results.getState().kept;
      const fresh = kept.filter((r) => !r.external && !session.some((s) => s.key === r.key));
      results.getState().setKept([...session, ...fresh]);
      return kept;
    } catch (e) {
      results.getState().setStorageNote(`browser storage could not be read: ${oneLine(e)}`);
      return [];
    }
  })();
  return restored;
}

/** The records of slab-mode results by their file name, for StoredResults.tsx (after the shelf is read). */
export async function slabRecords(): Promise<Map<string, KeptRecord>> {
  const all = await restoreResults();
  return new Map(all.filter((r) => r.external).map((r) => [r.external!, r]));
}

/** Deletes a slab-mode file a closed tab left, with its record. */
export async function deleteStoredSlab(name: string): Promise<void> {
  await removeStorageFile(name);
  for (const [file, r] of await slabRecords()) if (file === name) await shelf.remove(r.key);
}

/** The volume of a kept result: from the cache, else read back from browser storage. */
export async function keptVolume(key: string): Promise<{ id: number; entry: CachedVolume }> {
  const known = volumeIds.get(key);
  const cached = known === undefined ? undefined : volumeCache.get(known);
  if (known !== undefined && cached) return { id: known, entry: cached };
  const record = results.getState().kept.find((r) => r.key === key);
  if (!record) throw new Error('this result is no longer kept');
  const source = blobSource(await shelf.mrc(key), `${key}.mrc`);
  const volume = await readVolume(
    await openMrc(source, { permissive: record.imported?.permissive === true }),
  );
  const id = nextReadBackId++;
  const entry = { volume, window: record.window };
  volumeCache.put(id, entry);
  volumeIds.set(key, id);
  return { id, entry };
}

/** Shows a kept result in the views and the Tomogram tab, with the metrics it was scored with. */
export async function showKept(key: string): Promise<void> {
  if (useReconStore.getState().job) return;
  const record = results.getState().kept.find((r) => r.key === key);
  if (!record) return;
  try {
    const { id } = await keptVolume(key);
    const summary = { ...(record.summary as unknown as StoredSummary), volumeId: id };
    const rs = useReconStore.getState();
    rs.setResult(summary);
    rs.setMetrics(record.metrics, record.metrics ? null : 'no truth was known for this result');
    rs.setHalfSet(null);
    rs.setResultView('tomogram');
    results.getState().setShown(key);
    ortho.showVolume(id);
  } catch (e) {
    fail(`Could not show ${record.dataset} (${record.method})`, e, 'Delete it and reconstruct again.');
  }
}

export async function deleteKept(key: string): Promise<void> {
  const record = results.getState().kept.find((r) => r.key === key);
  if (record?.external) {
    if (useReconStore.getState().result?.slab?.fileName === record.external) {
      if (useReconStore.getState().job) return;
      ortho.clear();
      useReconStore.getState().setResult(null);
      useReconStore.getState().setMetrics(null);
    }
    await releaseSlabFile(record.external); // its record goes with it
    return;
  }
  const id = volumeIds.get(key);
  const shown = useReconStore.getState().result;
  if (id !== undefined && shown?.volumeId === id) {
    if (useReconStore.getState().job) return;
    ortho.clear();
    useReconStore.getState().setResult(null);
    useReconStore.getState().setMetrics(null);
  }
  // the list drops it once its files are gone, so a reload right after never brings it back
  await shelf.remove(key);
  results.getState().remove(key);
  if (id !== undefined) {
    volumeCache.delete(id);
    volumeIds.delete(key);
  }
}

const stem = (r: KeptRecord) =>
  `${r.dataset.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '') || 'tomogram'}_${r.method}_${r.key.slice(-4)}`;

/** A kept result as MRC: float32 (the stored file itself) or float16 (half the size). */
export async function exportKept(
  key: string,
  precision: 'float32' | 'float16',
  fileName?: string,
): Promise<void> {
  const record = results.getState().kept.find((r) => r.key === key);
  if (!record) return;
  try {
    const name = fileName ?? `${stem(record)}${precision === 'float16' ? '_f16' : ''}.mrc`;
    if (record.external) {
      if (precision === 'float16') throw new Error('a slab-mode result exports as float32 only');
      return await downloadStoredFile(record.external, name);
    }
    if (precision === 'float32' && record.bytes > 0) {
      saveBlob(await shelf.mrc(key), name);
      return;
    }
    if (record.imported) throw new Error('an imported volume exports only as the file it came from');
    const recipe = record.recipe as Recipe;
    const { entry } = await keptVolume(key);
    const bytes = await recon.volumeMrc(entry.volume, { ...recipe, export: { ...recipe.export, precision } });
    saveBytes(bytes, name);
  } catch (e) {
    fail('Could not export the tomogram', e, 'Delete it and reconstruct again.');
  }
}

/** The recipe a kept result was made with (wedgelab run takes it). */
export function exportKeptRecipe(key: string): void {
  const record = results.getState().kept.find((r) => r.key === key);
  if (!record) return;
  const text = `${JSON.stringify(record.recipe, null, 2)}\n`;
  saveBytes(new TextEncoder().encode(text), `${stem(record)}.recipe.json`, 'application/json');
}

/** The Tomogram tab's Download MRC: the shown result, float32 or float16. */
export async function exportShown(precision: 'float32' | 'float16', upsample = 1): Promise<void> {
  const r = useReconStore.getState().result;
  if (!r || r.slab) return;
  const ds = useAppStore.getState().dataset;
  const name = downloadName(ds?.name ?? 'tomogram', r.method).replace(
    /\.mrc$/,
    `${upsample > 1 ? `_up${upsample}` : ''}${precision === 'float16' ? '_f16' : ''}.mrc`,
  );
  if (upsample > 1) return exportFiner(r, precision, upsample, name);
  const key = [...volumeIds].find(([, id]) => id === r.volumeId)?.[0];
  if (key) return exportKept(key, precision, name);
  try {
    const recipe = { ...r.recipe, export: { ...r.recipe.export, precision } };
    saveBytes(await recon.volumeMrc(r.volumeId, recipe), name);
  } catch (e) {
    fail('Could not export the tomogram', e, 'Reconstruct again: the result is no longer kept.');
  }
}

/**
 * A CN result evaluated `k`× finer (its networks are continuous), as a job with progress and Cancel: what
 * `wedgelab reconstruct --upsample K` writes. The worker refuses it before it starts when it cannot fit.
 */
async function exportFiner(
  r: ReconSummary,
  precision: 'float32' | 'float16',
  k: number,
  name: string,
): Promise<void> {
  const entry = volumeCache.get(r.volumeId);
  if (!entry?.network) {
    fail(
      `Could not export the tomogram ${k}× finer`,
      new Error('the network is no longer kept'),
      'Reconstruct again with CN.',
    );
    return;
  }
  if (useReconStore.getState().job) return;
  const recipe = { ...r.recipe, export: { ...r.recipe.export, precision, upsample: k } };
  const job = recon.upsampledMrc(
    {
      network: entry.network,
      voxelSizeA: entry.volume.voxelSizeA,
      recipe,
      budgetBytes: browserBudgetBytes(),
    },
    onProgress(() => job.id),
  );
  try {
    saveBytes(await track(job, 'export'), name);
  } catch (e) {
    fail(
      `Could not export the tomogram ${k}× finer`,
      e,
      'Choose a smaller factor, or export at the fitted voxel size.',
    );
  }
}

/** The simulated truth of the open series as MRC (the shown result's precision), e.g. to score it elsewhere. */
export async function exportTruth(precision: 'float32' | 'float16'): Promise<void> {
  const { simulation, result: r, sim } = useReconStore.getState();
  const ds = useAppStore.getState().dataset;
  if (!simulation || !r || simulation.datasetId !== ds?.id) return;
  const name = downloadName(ds.name, 'truth').replace(
    /_rec\.mrc$/,
    precision === 'float16' ? '_f16.mrc' : '.mrc',
  );
  try {
    const recipe = { ...r.recipe, export: { ...r.recipe.export, precision } };
    saveBytes(await recon.volumeMrc(simulation.truthId, recipe, `simulate ${sim.phantom} (truth)`), name);
  } catch (e) {
    fail('Could not export the truth', e, 'Simulate the series again: its truth is no longer kept.');
  }
}

/** Keeps the half-set FSC's crossings with the result it was run on (the compare table shows them). */
export function keepHalfSet(volumeId: number, h: HalfSetJobResult): void {
  const key = [...volumeIds].find(([, id]) => id === volumeId)?.[0];
  const record = results.getState().kept.find((r) => r.key === key);
  if (!record) return;
  const updated = {
    ...record,
    halfSet: { fsc143PerPx: h.fsc143?.freqPerPx ?? null, fsc05PerPx: h.fsc05?.freqPerPx ?? null },
  };
  results.getState().replace(updated);
  void shelf.update(updated).catch(() => {});
}
