/**
 * A slab-mode result lives in browser storage (src/jobs/opfs.ts): Download hands the stored MRC to the
 * browser as a file; it is deleted when the result is dismissed or replaced, or another dataset opens.
 */
import { removeStorageFile, storageFile } from '../jobs/opfs.ts';
import type { ReconSummary } from '../state/reconStore.ts';

export function discardSlabFile(r: ReconSummary | null): void {
  if (r?.slab) void removeStorageFile(r.slab.fileName);
}

/** 'TS_01.mrc' + 'sirt' → 'TS_01_sirt_rec.mrc' */
export function downloadName(seriesName: string, method: string): string {
  const base = seriesName.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '');
  return `${base || 'tomogram'}_${method}_rec.mrc`;
}

export async function downloadSlabResult(slab: NonNullable<ReconSummary['slab']>): Promise<void> {
  const file = await storageFile(slab.fileName);
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = slab.downloadName;
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own reference to the file by now
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
