import { useMemo } from 'react';
import type { KeptRecord } from '../jobs/resultShelf.ts';
import { useResultsStore } from '../state/resultsStore.ts';
import { fmt, fmtDuration } from './format.ts';
import { metricsCsv, metricsJson, metricsRow, type MetricsRow } from './metricsRows.ts';
import { saveBytes } from './saveFile.ts';

const num = (v: number | null, d: number) => (v === null ? '–' : fmt(v, d));

/**
 * The compared results' scores against the truth (Compare tab): PSNR, SSIM, VIF, the FSC 0.143 and 0.5
 * crossings, and the directional FSC in the measured directions against the missing wedge below ¼ Nyquist;
 * a dash where a score is undefined (its reason on hover). Export as JSON or CSV.
 */
export function MetricsTable() {
  const keys = useResultsStore((s) => s.compared);
  const kept = useResultsStore((s) => s.kept);
  const rows = useMemo(
    () =>
      keys
        .map((k) => kept.find((r) => r.key === k))
        .filter((r): r is KeptRecord => r !== undefined)
        .map(metricsRow),
    [keys, kept],
  );
  if (rows.length === 0)
    return <p className="muted empty-tab">Tick results in the Results tab to compare them.</p>;
  const save = (text: string, ext: string, type: string) =>
    saveBytes(new TextEncoder().encode(text), `wedgelab-metrics.${ext}`, type);
  const anyTruth = rows.some((r) => r.psnrDb !== null || r.ssim !== null);
  return (
    <div className="metrics-table-box">
      <table className="num metrics-table" data-testid="metrics-table">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col" className="metrics-time">
              Time
            </th>
            <th scope="col">PSNR dB</th>
            <th scope="col">SSIM</th>
            <th scope="col">VIF</th>
            <th scope="col" title="first crossing of FSC 0.143 against the truth, cycles/px">
              FSC .143
            </th>
            <th scope="col" title="first crossing of FSC 0.5, cycles/px">
              FSC .5
            </th>
            <th scope="col" title="mean directional FSC below ¼ Nyquist in the measured directions">
              dFSC meas.
            </th>
            <th scope="col" title="mean directional FSC below ¼ Nyquist in the missing wedge">
              dFSC wedge
            </th>
            <th scope="col" title="half-set FSC 0.143 crossing, cycles/px (Half-set FSC in the Tomogram tab)">
              half .143
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r: MetricsRow, i) => (
            <tr key={r.result} title={r.notes || undefined}>
              <th scope="row" className="metrics-method" title={r.params}>
                {String.fromCharCode(65 + i)} {r.method.toUpperCase()}
              </th>
              <td className="metrics-time">{r.seconds === null ? '–' : fmtDuration(r.seconds)}</td>
              <td data-metric="psnr">{num(r.psnrDb, 2)}</td>
              <td data-metric="ssim">{num(r.ssim, 3)}</td>
              <td data-metric="vif">{num(r.vif, 3)}</td>
              <td>
                {r.fsc143PerPx === null ? (r.psnrDb === null ? '–' : 'Nyquist') : fmt(r.fsc143PerPx, 3)}
              </td>
              <td>{r.fsc05PerPx === null ? (r.psnrDb === null ? '–' : 'Nyquist') : fmt(r.fsc05PerPx, 3)}</td>
              <td data-metric="dfsc-present">{num(r.dfscPresentLow, 3)}</td>
              <td data-metric="dfsc-missing">{num(r.dfscMissingLow, 3)}</td>
              <td data-metric="halfset-143">{num(r.halfSet143PerPx, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted metrics-table-foot">
        {anyTruth
          ? 'against the simulated truth'
          : 'no truth known for these: the half-set FSC (Tomogram tab) estimates resolution'}
        {' · '}
        <button
          type="button"
          data-testid="export-metrics-json"
          onClick={() => save(metricsJson(rows), 'json', 'application/json')}
        >
          JSON
        </button>{' '}
        <button
          type="button"
          data-testid="export-metrics-csv"
          onClick={() => save(metricsCsv(rows), 'csv', 'text/csv')}
        >
          CSV
        </button>
      </p>
    </div>
  );
}
