/**
 * A slab-mode result lives in browser storage (src/jobs/opfs.ts): Download hands the stored MRC to the
 * browser as a file; it is deleted when the result is dismissed or replaced, or another dataset opens.
 * Each file is locked (Web Locks) by the tab that made it, so a tab that starts can delete files whose tab
 * was closed (StoredResults.tsx) without touching another open tab's result.
 */
import { holdStorageFile, newStorageName, removeStorageFile, storageFile } from '../jobs/opfs.ts';
import type { ReconSummary } from '../state/reconStore.ts';
import { saveBlob } from './saveFile.ts';

/** Locks this tab holds on its stored files (released after deletion, or by the browser when it closes). */
const held = new Map<string, () => void>();

/** A new result file's name, locked for this tab before the job starts (other tabs' cleanup skips it). */
export async function claimSlabFile(): Promise<string> {
  const name = newStorageName('recon');
  held.set(name, await holdStorageFile(name));
  return name;
}

/** Called with each stored file deleted here (resultsActions.ts forgets the result it held). */
let onDeleted: (name: string) => void = () => {};
export function whenSlabFileDeleted(f: (name: string) => void): void {
  onDeleted = f;
}

/** Deletes a stored file (a failed job's, or a result no longer shown) and lets go of its lock. */
export async function releaseSlabFile(name: string): Promise<void> {
  await removeStorageFile(name);
  held.get(name)?.();
  held.delete(name);
  onDeleted(name);
}

export function discardSlabFile(r: ReconSummary | null): void {
  if (r?.slab) void releaseSlabFile(r.slab.fileName);
}

/** 'TS_01.mrc' + 'sirt' → 'TS_01_sirt_rec.mrc' */
export function downloadName(seriesName: string, method: string): string {
  const base = seriesName.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '');
  return `${base || 'tomogram'}_${method}_rec.mrc`;
}

export function downloadSlabResult(slab: NonNullable<ReconSummary['slab']>): Promise<void> {
  return downloadStoredFile(slab.fileName, slab.downloadName);
}

/** Hands a file in browser storage to the browser's download, under `downloadName`. */
export async function downloadStoredFile(name: string, downloadName: string): Promise<void> {
  saveBlob(await storageFile(name), downloadName);
}
