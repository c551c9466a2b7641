import { useEffect, useState } from 'react';
import { orphanedStorageFiles, removeStorageFile, type StoredFileInfo } from '../jobs/opfs.ts';
import { fmtBytes } from './format.ts';
import { downloadStoredFile } from './slabResult.ts';

/**
 * Slab-mode results left in browser storage by closed or reloaded tabs: a 10-minute reconstruction is not
 * lost by closing the tab, and gigabytes do not stay hidden in browser storage. Listed once at start.
 */
export function StoredResults() {
  const [files, setFiles] = useState<StoredFileInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    orphanedStorageFiles()
      .then(setFiles)
      .catch(() => setFiles([])); // no OPFS here: nothing can be stored either
  }, []);
  if (files.length === 0) return null;
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const remove = (name: string) =>
    void removeStorageFile(name).then(() => setFiles((fs) => fs.filter((f) => f.name !== name)));
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
              {new Date(f.lastModified).toLocaleString()} · {fmtBytes(f.bytes)}
            </span>
            <button
              type="button"
              data-testid="stored-download"
              onClick={() =>
                void downloadStoredFile(f.name, f.name.replace(/^wedgelab-/, 'wedgelab_')).catch(
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
