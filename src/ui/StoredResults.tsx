import { useEffect, useState } from 'react';
import { orphanedStorageFiles, type StoredFileInfo } from '../jobs/opfs.ts';
import type { KeptRecord } from '../jobs/resultShelf.ts';
import { fmtBytes, fmtDuration } from './format.ts';
import { deleteStoredSlab, slabRecords } from './resultsActions.ts';
import { downloadStoredFile } from './slabResult.ts';

/**
 * Slab-mode results left in browser storage by closed or reloaded tabs: a 10-minute reconstruction is not
 * lost by closing the tab, and gigabytes do not stay hidden in browser storage. Listed once at start.
 */
export function StoredResults() {
  const [files, setFiles] = useState<StoredFileInfo[]>([]);
  const [records, setRecords] = useState<Map<string, KeptRecord>>(new Map());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    orphanedStorageFiles()
      .then(setFiles)
      .catch(() => setFiles([])); // no OPFS here: nothing can be stored either
    slabRecords()
      .then(setRecords)
      .catch(() => {});
  }, []);
  if (files.length === 0) return null;
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const remove = (name: string) =>
    void deleteStoredSlab(name).then(() => setFiles((fs) => fs.filter((f) => f.name !== name)));
  return (
    <section className="stored-results" data-testid="stored-results" aria-label="Results in browser storage">
      <p>
        {files.length === 1 ? 'A reconstruction' : `${files.length} reconstructions`} from an earlier tab{' '}
        {files.length === 1 ? 'is' : 'are'} in browser storage ({fmtBytes(total)}).
      </p>
      <ul>
        {files.map((f) => (
          <li key={f.name} className="num">
            <span>
              {describe(records.get(f.name))}
              {new Date(f.lastModified).toLocaleString()} · {fmtBytes(f.bytes)}
            </span>
            <button
              type="button"
              data-testid="stored-download"
              onClick={() =>
                void downloadStoredFile(f.name, downloadNameOf(f.name, records.get(f.name))).catch(
                  (e: unknown) =>
                    setError(`Could not download it: ${e instanceof Error ? e.message : String(e)}`),
                )
              }
            >
              Download MRC
            </button>
            <button type="button" data-testid="stored-delete" onClick={() => remove(f.name)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

/** "TS_01.mrc · SIRT 20 it. · 1 min 12 s · " when its record is known, else nothing (older files) */
function describe(r: KeptRecord | undefined): string {
  return r ? `${r.dataset} · ${r.method.toUpperCase()} ${r.params} · ${fmtDuration(r.seconds)} · ` : '';
}

function downloadNameOf(file: string, r: KeptRecord | undefined): string {
  if (!r) return file.replace(/^wedgelab-/, 'wedgelab_');
  return `${r.dataset.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '') || 'tomogram'}_${r.method}_rec.mrc`;
}
