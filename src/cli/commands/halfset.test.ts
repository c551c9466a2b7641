// Spawn test of `wedgelab halfset` on a noisy simulated ±60° series: the half-set FSC has the fsc
// command's JSON shape, stays within [0, 1] up to shell noise, and falls with frequency.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOk, wedgelab } from '../cliRun.testutil.ts';
import type { FscJson } from '../fscReport.ts';

let dir = '';
const p = (name: string) => join(dir, name);
const mean = (v: (number | null)[]) => {
  const xs = v.filter((x): x is number => x !== null);
  return xs.reduce((s, x) => s + x, 0) / xs.length;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-halfset-'));
  const sim = wedgelab(
    ...['simulate', '--phantom', 'shapes', '--size', '48,48,24', '--tilt-range', '-60,60'],
    ...['--tilt-step', '5', '--dose', '20', '--seed', '3', '--out', p('n')],
  );
  expectOk(sim);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab halfset', () => {
  it('half1/half2 (views 1,3,5,… / 2,4,6,…) WBP of a noisy series: FSC in [0, 1] up to noise, falling with frequency, present/missing split', () => {
    const r = wedgelab(
      ...['halfset', p('n.mrc'), '--tilts', p('n.tlt'), '--thickness', '24', '--device', 'cpu'],
      ...['--out', p('half'), '--json'],
    );
    expectOk(r);
    const j = JSON.parse(r.stdout) as FscJson & {
      views: { half1: number; half2: number };
      nx: number;
      nz: number;
      method: string;
      warning: string | null;
    };
    expect(j.views).toEqual({ half1: 13, half2: 12 });
    // no align step and no .xf: the FSC may share the drift, and says so
    expect(j.warning).toMatch(/^the views were not aligned .* overstates the resolution$/);
    expect([j.nx, j.nz, j.method]).toEqual([48, 24, 'wbp']);
    const all = j.fsc.all;
    expect(all).toHaveLength(j.fsc.freq.length);
    expect(j.fsc.present).toHaveLength(all.length);
    expect(j.fsc.missing).toHaveLength(all.length);
    // per-shell noise on a few hundred Fourier points can dip a little below 0
    for (const v of all) {
      expect(v).toBeLessThanOrEqual(1 + 1e-9);
      expect(v).toBeGreaterThan(-0.2);
    }
    const third = Math.floor(all.length / 3);
    expect(mean(all.slice(0, third))).toBeGreaterThan(0.7);
    expect(mean(all.slice(-third))).toBeLessThan(0.3);
    expect(j.fsc143?.perPx).toBeGreaterThan(0);
    expect(existsSync(p('half_half1.mrc')) && existsSync(p('half_half2.mrc'))).toBe(true);
  });
});
