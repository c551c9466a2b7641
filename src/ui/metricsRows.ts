/**
 * The compare table's numbers, one row per result, and the same rows as JSON or CSV (Export metrics): what
 * is undefined is null with its reason, never a made-up number.
 */
import { bandMean } from '../core/metrics/index.ts';
import type { KeptRecord } from '../jobs/resultShelf.ts';

export interface MetricsRow {
  result: string;
  dataset: string;
  method: string;
  params: string;
  /** null for an imported volume (made elsewhere) */
  seconds: number | null;
  psnrDb: number | null;
  ssim: number | null;
  vif: number | null;
  fsc143PerPx: number | null;
  fsc143A: number | null;
  fsc05PerPx: number | null;
  fsc05A: number | null;
  /** mean directional FSC below ¼ Nyquist: the measured directions, and the missing wedge */
  dfscPresentLow: number | null;
  dfscMissingLow: number | null;
  /** the half-set FSC's 0.143 crossing (no truth needed), once run */
  halfSet143PerPx: number | null;
  /** why a number is null */
  notes: string;
}

export const METRIC_COLUMNS = [
  'result',
  'dataset',
  'method',
  'params',
  'seconds',
  'psnrDb',
  'ssim',
  'vif',
  'fsc143PerPx',
  'fsc143A',
  'fsc05PerPx',
  'fsc05A',
  'dfscPresentLow',
  'dfscMissingLow',
  'halfSet143PerPx',
  'notes',
] as const satisfies readonly (keyof MetricsRow)[];

export function metricsRow(r: KeptRecord): MetricsRow {
  const m = r.metrics;
  const notes = m
    ? Object.entries(m.undefinedReasons ?? {})
        .map(([k, why]) => `${k}: ${why}`)
        .join('; ')
    : (r.imported?.note ?? 'no truth known');
  return {
    result: r.key,
    dataset: r.dataset,
    method: r.method,
    params: r.params,
    seconds: r.imported ? null : Number(r.seconds.toFixed(3)),
    psnrDb: m ? (Number.isFinite(m.psnr) ? m.psnr : null) : null,
    ssim: m?.ssim ?? null,
    vif: m?.vif ?? null,
    fsc143PerPx: m?.fsc143?.freqPerPx ?? null,
    fsc143A: m?.fsc143?.resolutionA ?? null,
    fsc05PerPx: m?.fsc05?.freqPerPx ?? null,
    fsc05A: m?.fsc05?.resolutionA ?? null,
    dfscPresentLow: m ? bandMean(m.fsc.freq, m.fsc.present) : null,
    dfscMissingLow: m ? bandMean(m.fsc.freq, m.fsc.missing) : null,
    halfSet143PerPx: r.halfSet?.fsc143PerPx ?? null,
    notes,
  };
}

export function metricsJson(rows: MetricsRow[]): string {
  return `${JSON.stringify({ wedgelabMetrics: 1, rows }, null, 2)}\n`;
}

const csvCell = (v: string | number | null): string => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** RFC 4180: a header line, then one line per row; an empty cell is null. */
export function metricsCsv(rows: MetricsRow[]): string {
  const lines = [METRIC_COLUMNS.join(',')];
  for (const r of rows) lines.push(METRIC_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
