// Spawn tests of `wedgelab metrics`: the real process on MRC files written here.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psnr, ssim3d, vif } from '../../core/metrics/index.ts';
import type { Volume } from '../../core/types.ts';
import { expectClose, expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import type { MetricsJson } from './metrics.ts';
import { blobs, tltText, withNoise, writeVolume } from './volumes.testutil.ts';

const [NX, NY, NZ] = [24, 20, 16];
let dir = '';
let truth: Volume;
let noisy: Volume;
const p = (name: string) => join(dir, name);

function metricsJson(...args: string[]): MetricsJson {
  const r = wedgelab('metrics', ...args, '--json');
  expectOk(r);
  return JSON.parse(r.stdout) as MetricsJson;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-metrics-'));
  truth = blobs(NX, NY, NZ);
  noisy = withNoise(truth, 1.5);
  await writeVolume(p('truth.mrc'), truth);
  await writeVolume(p('noisy.mrc'), noisy);
  await writeVolume(p('other.mrc'), blobs(NX, NY, NZ - 1));
  await writeVolume(p('unknown_voxel.mrc'), { ...noisy, voxelSizeA: [0, 0, 0] });
  // the 96 × 12 × 40 pair: too thin in y for VIF's scales
  const thin = blobs(96, 12, 40);
  await writeVolume(p('thin_truth.mrc'), thin);
  await writeVolume(p('thin_rec.mrc'), withNoise(thin, 1.5));
  writeFileSync(p('ts.tlt'), tltText());
  writeFileSync(p('junk.tlt'), '-60.00\nhello\n60.00\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wedgelab metrics', () => {
  it('reports an undefined VIF as null with its reason and still gives PSNR, SSIM and FSC', () => {
    const j = metricsJson(p('thin_rec.mrc'), '--ref', p('thin_truth.mrc'));
    expect(j.vif).toBeNull();
    expect(j.undefined?.vif).toMatch(/VIF is undefined/);
    expect(Number.isFinite(j.psnr)).toBe(true);
    expect(j.ssim).toBeGreaterThan(0);
    expect(j.fsc.all.length).toBeGreaterThan(3);
    const text = wedgelab('metrics', p('thin_rec.mrc'), '--ref', p('thin_truth.mrc'));
    expectOk(text);
    expect(text.stdout).toMatch(/VIF\s+undefined \(vif: the truth has no local variance/);
  });

  it('identical maps: psnr null (+∞), ssim 1, vif 1, fsc all 1, no crossings, exact keys', () => {
    const j = metricsJson(p('truth.mrc'), '--ref', p('truth.mrc'));
    expect(Object.keys(j).sort()).toEqual(['fsc', 'fsc05', 'fsc143', 'psnr', 'ssim', 'vif']);
    expect(Object.keys(j.fsc).sort()).toEqual(['all', 'freq']);
    expect(j.psnr).toBeNull();
    expectClose(j.ssim, 1, 1e-9);
    expectClose(j.vif!, 1, 1e-6);
    expect(j.fsc.freq).toHaveLength(NX / 2);
    expect(j.fsc.freq.at(-1)).toBe(0.5);
    for (const v of j.fsc.all) expectClose(v, 1, 1e-6);
    expect(j.fsc143).toBeNull();
    expect(j.fsc05).toBeNull();
  });

  it('a noisy copy: finite PSNR, SSIM and VIF equal the core functions on the same data', () => {
    const j = metricsJson(p('noisy.mrc'), '--ref', p('truth.mrc'));
    expect(j.psnr).not.toBeNull();
    expectClose(j.psnr ?? NaN, psnr(truth, noisy), 1e-9);
    expectClose(j.ssim, ssim3d(truth, noisy), 1e-9);
    expectClose(j.vif!, vif(truth, noisy, { scaleTo255: true }), 1e-9);
    expect(j.vif).toBeLessThan(0.95); // on the 0–255 scale the noise shows
    expect(j.ssim).toBeLessThan(0.99);
    // white noise on smooth blobs: the FSC falls through 0.5 and 0.143 before Nyquist
    expect(j.fsc.all[0]).toBeGreaterThan(0.9);
    expect(j.fsc.all.at(-1)).toBeLessThan(0.143);
    const c5 = j.fsc05;
    const c143 = j.fsc143;
    expect(c5).not.toBeNull();
    expect(c143).not.toBeNull();
    if (!c5 || !c143) return;
    expect(c5.perPx).toBeLessThanOrEqual(c143.perPx);
    expect(c143.perPx).toBeGreaterThan(0);
    expect(c143.perPx).toBeLessThanOrEqual(0.5);
    expectClose(c143.angstrom ?? NaN, 2.5 / c143.perPx, 1e-6);
  });

  it('angstrom is null when neither header states a voxel size', () => {
    const j = metricsJson(p('unknown_voxel.mrc'), '--ref', p('unknown_voxel.mrc'), '--tilts', p('ts.tlt'));
    expect(j.fsc143).toBeNull();
    const k = wedgelab('fsc', p('unknown_voxel.mrc'), p('truth.mrc'), '--json');
    expectOk(k);
    // truth.mrc states 2.5 Å: the first header that knows wins
    const withTruth = JSON.parse(k.stdout) as MetricsJson;
    expect(withTruth.fsc143?.angstrom).toBeCloseTo(2.5 / (withTruth.fsc143?.perPx ?? NaN), 6);
    const none = metricsJson(p('unknown_voxel.mrc'), '--ref', p('unknown_voxel.mrc'));
    expect(none.fsc05).toBeNull();
  });

  it('--tilts adds present and missing curves as long as freq; the total curve is unchanged', () => {
    const j = metricsJson(p('noisy.mrc'), '--ref', p('truth.mrc'), '--tilts', p('ts.tlt'));
    expect(Object.keys(j.fsc).sort()).toEqual(['all', 'freq', 'missing', 'present']);
    expect(j.fsc.present).toHaveLength(j.fsc.freq.length);
    expect(j.fsc.missing).toHaveLength(j.fsc.freq.length);
    // the total curve does not depend on the split
    const plain = metricsJson(p('noisy.mrc'), '--ref', p('truth.mrc'));
    j.fsc.all.forEach((v, i) => expectClose(v, plain.fsc.all[i], 1e-9));
  });

  it('prints a table and a compact FSC summary for people', () => {
    const r = wedgelab('metrics', p('noisy.mrc'), '--ref', p('truth.mrc'), '--tilts', p('ts.tlt'));
    expectOk(r);
    expect(r.stdout).toMatch(/^PSNR\s+\d+(\.\d+)? dB$/m);
    expect(r.stdout).toMatch(/^SSIM\s+0\.\d+$/m);
    expect(r.stdout).toMatch(/^VIF\s+/m);
    expect(r.stdout).toMatch(/^FSC 0\.143\s+0\.\d+ 1\/px {2}\(\d+(\.\d+)? Å\)$/m);
    expect(r.stdout).toMatch(/freq 1\/px\s+all\s+present\s+missing/);
    expect(r.stdout.split('\n').length).toBeLessThan(25);
    const same = wedgelab('metrics', p('truth.mrc'), '--ref', p('truth.mrc'));
    expect(same.stdout).toMatch(/^PSNR\s+∞ dB \(identical maps\)$/m);
    expect(same.stdout).toMatch(/^FSC 0\.5\s+not crossed/m);
  });

  it('shape mismatch: exit 2, one line naming both files and shapes', () => {
    expectUsageError(
      wedgelab('metrics', p('truth.mrc'), '--ref', p('other.mrc')),
      /shape mismatch: REC .*truth\.mrc is 24×20×16 but --ref .*other\.mrc is 24×20×15/,
    );
  });

  it('a tilt file with junk: exit 2, one line naming the file and line', () => {
    expectUsageError(
      wedgelab('metrics', p('noisy.mrc'), '--ref', p('truth.mrc'), '--tilts', p('junk.tlt')),
      /junk\.tlt line 2: "hello" is not a tilt angle/,
    );
  });

  it('missing --ref or a missing file: exit 2, one line', () => {
    expectUsageError(wedgelab('metrics', p('noisy.mrc')), /--ref is required/);
    expectUsageError(
      wedgelab('metrics', p('noisy.mrc'), '--ref', p('absent.mrc')),
      /absent\.mrc: no such file/,
    );
    expectUsageError(
      wedgelab('metrics', p('noisy.mrc'), '--ref', p('truth.mrc'), '--tilts', p('absent.tlt')),
      /absent\.tlt: no such file/,
    );
  });
});
