import { describe, expect, it } from 'vitest';
import type { KeptRecord } from '../jobs/resultShelf.ts';
import { METRIC_COLUMNS, metricsCsv, metricsJson, metricsRow } from './metricsRows.ts';

const record = (over: Partial<KeptRecord> = {}): KeptRecord => ({
  key: 'rabc',
  createdAt: 1,
  dataset: 'sim, "shapes".mrc',
  method: 'sirt',
  params: '20 it.',
  seconds: 1.23456,
  dims: { nx: 4, ny: 4, nz: 2 },
  window: { lo: 0, hi: 1 },
  bytes: 10,
  metrics: {
    psnr: 21.5,
    ssim: 0.7,
    vif: null,
    undefinedReasons: { vif: 'the truth has no local variance' },
    fsc143: { freqPerPx: 0.3, resolutionA: null },
    fsc05: null,
    voxelSizeA: null,
    fsc: { freq: [0, 0.1, 0.2], all: [1, 0.9, 0.5], present: [1, 0.8, 0.4], missing: [1, 0.2, 0.1] },
    seconds: 0.1,
  },
  recipe: {},
  summary: {},
  ...over,
});

describe('metricsRow', () => {
  it('an imported volume has no time, and says why it has no scores', () => {
    const r = metricsRow(
      record({ metrics: null, imported: { note: 'not scored: 8×8×8, the truth is 4×4×2' } }),
    );
    expect(r.seconds).toBeNull();
    expect(r.notes).toBe('not scored: 8×8×8, the truth is 4×4×2');
  });
  it('takes the numbers it has and names why the others are null', () => {
    const r = metricsRow(record());
    expect(r.psnrDb).toBe(21.5);
    expect(r.vif).toBeNull();
    expect(r.notes).toMatch(/^vif: the truth has no local variance$/);
    expect(r.fsc05PerPx).toBeNull(); // never crossed
    expect(r.dfscPresentLow).toBeCloseTo(0.8, 12); // the 0.1 shell only (≤ ¼ Nyquist, DC skipped)
    expect(r.dfscMissingLow).toBeCloseTo(0.2, 12);
    expect(r.seconds).toBe(1.235);
  });
  it('without a truth every score is null, said once', () => {
    const r = metricsRow(record({ metrics: null }));
    expect([r.psnrDb, r.ssim, r.vif, r.fsc143PerPx, r.dfscMissingLow]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(r.notes).toBe('no truth known');
  });
});

describe('metricsCsv / metricsJson', () => {
  it('CSV quotes what needs it, leaves null cells empty and parses back to the same cells', () => {
    const csv = metricsCsv([metricsRow(record())]);
    const [head, line] = csv.trimEnd().split('\r\n');
    expect(head.split(',')).toEqual([...METRIC_COLUMNS]);
    expect(line).toContain('"sim, ""shapes"".mrc"');
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    expect(cells[METRIC_COLUMNS.indexOf('vif')]).toBe('');
    expect(Number(cells[METRIC_COLUMNS.indexOf('psnrDb')])).toBe(21.5);
  });
  it('JSON keeps nulls as null', () => {
    const j = JSON.parse(metricsJson([metricsRow(record())]));
    expect(j.wedgelabMetrics).toBe(1);
    expect(j.rows[0].vif).toBeNull();
    expect(j.rows[0].ssim).toBe(0.7);
  });
});
