import { useReconStore } from '../state/reconStore.ts';
import { MAX_COMPARED, useResultsStore } from '../state/resultsStore.ts';
import { fmt, fmtBytes, fmtDuration } from './format.ts';
import { importVolumeResult } from './importResult.ts';
import { deleteKept, exportKept, exportKeptRecipe, showKept } from './resultsActions.ts';

/**
 * Every reconstruction this browser kept (Results tab): dataset, method, key parameters, time and scores;
 * Show puts one back in the views, the tick adds it to Compare, and each exports as MRC (float32 or
 * float16) or its recipe. Delete frees its storage; the storage used is shown. Import volume adds a volume
 * made elsewhere (or exported earlier), to compare with ours.
 */
const exportAs = (key: string, what: string) => {
  if (what === 'recipe') exportKeptRecipe(key);
  else if (what === 'float32' || what === 'float16') void exportKept(key, what);
};

export function ResultsList() {
  const kept = useResultsStore((s) => s.kept);
  const shownKey = useResultsStore((s) => s.shownKey);
  const compared = useResultsStore((s) => s.compared);
  const note = useResultsStore((s) => s.storageNote);
  const toggle = useResultsStore((s) => s.toggleCompared);
  const busy = useReconStore((s) => s.job !== null);
  const setView = useReconStore((s) => s.setResultView);
  if (kept.length === 0) {
    return (
      <p className="muted empty-tab">
        No results yet: each reconstruction is kept here. <ImportVolume busy={busy} />
      </p>
    );
  }
  const stored = kept.reduce((s, r) => s + r.bytes, 0);
  return (
    <div className="results-list" data-testid="results-list">
      <p className="num muted results-storage" data-testid="results-storage">
        {kept.length} result{kept.length === 1 ? '' : 's'} · {fmtBytes(stored)} in browser storage
        {note ? ` · ${note}` : ''} · <ImportVolume busy={busy} />
        {compared.length >= 2 && (
          <>
            {' · '}
            <button type="button" data-testid="compare-open" onClick={() => setView('compare')}>
              Compare {compared.length}
            </button>
          </>
        )}
      </p>
      <table className="num">
        <thead>
          <tr>
            <th scope="col" title={`tick two to ${MAX_COMPARED} to compare them`}>
              Cmp
            </th>
            <th scope="col">Method</th>
            <th scope="col">Dataset</th>
            <th scope="col">Time</th>
            <th scope="col">PSNR</th>
            <th scope="col">SSIM</th>
            <th scope="col">Size</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {kept.map((r) => {
            const label = `${r.dataset} ${r.method.toUpperCase()}`;
            return (
              <tr
                key={r.key}
                data-testid="result-row"
                data-key={r.key}
                aria-current={r.key === shownKey ? 'true' : undefined}
              >
                <td className="results-tick">
                  <input
                    type="checkbox"
                    data-testid="result-compare"
                    aria-label={`compare ${label}`}
                    checked={compared.includes(r.key)}
                    disabled={r.external !== undefined}
                    title={
                      r.external
                        ? 'a slab-mode result is not held in this tab: it cannot be compared'
                        : undefined
                    }
                    onChange={() => toggle(r.key)}
                  />
                </td>
                <td className="results-method" title={r.params}>
                  {r.method.toUpperCase()} <span className="muted">{r.params}</span>
                </td>
                <td
                  className="results-dataset"
                  title={`${r.dataset} · ${new Date(r.createdAt).toLocaleString()}`}
                >
                  {r.dataset}
                </td>
                <td className="results-time" data-label="time">
                  {r.imported ? '–' : fmtDuration(r.seconds)}
                </td>
                <td
                  className="results-psnr"
                  data-label="PSNR"
                  title={r.metrics ? undefined : (r.imported?.note ?? 'no truth known')}
                >
                  {r.metrics && Number.isFinite(r.metrics.psnr) ? fmt(r.metrics.psnr, 2) : '–'}
                </td>
                <td className="results-ssim" data-label="SSIM">
                  {r.metrics ? fmt(r.metrics.ssim, 3) : '–'}
                </td>
                <td className="results-size" title={r.bytes ? 'in browser storage' : 'in this tab only'}>
                  {r.bytes ? fmtBytes(r.bytes) : 'tab'}
                </td>
                <td className="results-actions">
                  <button
                    type="button"
                    data-testid="result-show"
                    disabled={busy || r.external !== undefined || r.imported !== undefined}
                    title={
                      r.external
                        ? 'a slab-mode result is too large for this tab: export it'
                        : r.imported
                          ? 'a volume made elsewhere: tick it to compare it with a result'
                          : undefined
                    }
                    aria-label={`show ${label}`}
                    onClick={() => void showKept(r.key)}
                  >
                    Show
                  </button>
                  <select
                    data-testid="result-export"
                    aria-label={`export ${label}`}
                    value=""
                    onChange={(e) => exportAs(r.key, e.currentTarget.value)}
                  >
                    <option value="" disabled>
                      Export…
                    </option>
                    <option value="float32">{r.imported ? 'MRC as imported' : 'MRC float32'}</option>
                    {!r.external && !r.imported && (
                      <option value="float16">MRC float16 (half the size)</option>
                    )}
                    {!r.imported && <option value="recipe">recipe (.json)</option>}
                  </select>
                  <button
                    type="button"
                    data-testid="result-delete"
                    disabled={busy && r.key === shownKey}
                    aria-label={`delete ${label}`}
                    onClick={() => void deleteKept(r.key)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Adds a volume from a file to the list (IMOD's .rec, an exported result read back, …). */
function ImportVolume({ busy }: { busy: boolean }) {
  return (
    <label
      className="file-button"
      aria-disabled={busy || undefined}
      title="add a reconstructed volume (MRC) from elsewhere, to compare it with these and score it against the truth"
    >
      <input
        type="file"
        accept=".mrc,.rec,.map,.mrcs,.gz,.bz2"
        data-testid="import-volume"
        aria-label="Import a reconstructed volume (MRC) to compare"
        disabled={busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void importVolumeResult(file);
          e.currentTarget.value = '';
        }}
      />
      Import volume…
    </label>
  );
}
