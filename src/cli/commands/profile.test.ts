// Spawn tests of `wedgelab profile` and `wedgelab snr` on a vesicle phantom written as MRC.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fwhm, lineProfile, snr as coreSnr, type Vec3 } from '../../core/metrics/index.ts';
import { makePhantom, type Shell } from '../../core/phantoms/index.ts';
import type { Volume } from '../../core/types.ts';
import { expectClose, expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';
import type { ProfileJson } from './profile.ts';
import type { SnrJson } from './snr.ts';
import { withNoise, writeVolume } from './volumes.testutil.ts';

const VOXEL_A = 4;
/** the phantom's bilayer (vesicles.ts): 12 Å leaflets whose centres are 40 Å apart */
const LEAFLET_A = 12;
const BILAYER_A = 40 + 12;
let dir = '';
let vesicles: Volume;
let noisy: Volume;
/** from the vesicle centre outwards along −x, across both leaflets into the solvent */
let from: Vec3;
let to: Vec3;
const p = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wedgelab-profile-'));
  const r = makePhantom('vesicles', { nx: 64, ny: 64, nz: 48, seed: 2, count: 1, voxelSizeA: VOXEL_A });
  vesicles = r.volume;
  const [inner, , outer] = r.primitives as Shell[];
  const c: Vec3 = [inner.center[0] + 31.5, inner.center[1] + 31.5, inner.center[2] + 23.5];
  from = [c[0], c[1], c[2]];
  to = [c[0] - outer.outerRadiusPx - 4, c[1], c[2]];
  expect(to[0]).toBeGreaterThan(0);
  noisy = withNoise(vesicles, 0.4);
  await writeVolume(p('vesicles.mrc'), vesicles);
  await writeVolume(p('noisy.mrc'), noisy);
  await writeVolume(p('unknown_voxel.mrc'), { ...vesicles, voxelSizeA: [0, 0, 0] });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function profileJson(file: string, ...args: string[]): ProfileJson {
  const r = wedgelab('profile', p(file), '--from', from.join(','), '--to', to.join(','), ...args, '--json');
  expectOk(r);
  return JSON.parse(r.stdout) as ProfileJson;
}

describe('wedgelab profile', () => {
  it('a vesicle wall: the FWHM equals the core functions and is one leaflet of the bilayer', () => {
    for (const width of [1, 3]) {
      const j = profileJson('vesicles.mrc', '--width', String(width));
      const pr = lineProfile(vesicles, from, to, { widthPx: width });
      const f = fwhm(pr.values, { spacingPx: pr.spacingPx, voxelSizeA: VOXEL_A });
      expect(f).not.toBeNull();
      expect(j.fwhm).not.toBeNull();
      if (!f || !j.fwhm) return;
      expect(j.values).toHaveLength(pr.values.length);
      j.values.forEach((v, i) => expectClose(v, pr.values[i], 1e-12));
      expectClose(j.fwhm.fwhmPx, f.fwhmPx, 1e-12);
      expectClose(j.fwhm.fwhmA ?? NaN, f.fwhmA, 1e-12);
      expect(j.voxelSizeA).toBe(VOXEL_A);
      expect(j.fwhm.polarity).toBe('peak');
      // a dense leaflet 12 Å thick (partial-volume edges widen it a little), well inside the 52 Å bilayer
      console.info(`[profile] width ${width}: FWHM ${f.fwhmPx.toFixed(3)} px = ${f.fwhmA.toFixed(2)} Å`);
      expect(f.fwhmA).toBeGreaterThan(0.8 * LEAFLET_A);
      expect(f.fwhmA).toBeLessThan(1.3 * LEAFLET_A);
      expect(f.fwhmA).toBeLessThan(BILAYER_A);
    }
  });

  it('prints the profile and the FWHM in px and Å as text; Å null without a voxel size', () => {
    const r = wedgelab('profile', p('vesicles.mrc'), '--from', from.join(','), '--to', to.join(','));
    expectOk(r);
    expect(r.stdout).toMatch(/^FWHM\s+[\d.]+ px {2}\([\d.]+ Å\)$/m);
    expect(r.stdout).toMatch(/^profile:$/m);
    const j = profileJson('unknown_voxel.mrc');
    expect(j.voxelSizeA).toBeNull();
    expect(j.fwhm?.fwhmA).toBeNull();
    expect(j.fwhm?.fwhmPx).toBeGreaterThan(0);
  });

  it('no FWHM (--polarity trough where nothing dips below the baseline): fwhm null and a warning', () => {
    // the baseline (lumen 0, solvent 0) sits at the minimum: no trough departs from it
    const r = wedgelab(
      'profile',
      p('vesicles.mrc'),
      '--from',
      from.join(','),
      '--to',
      to.join(','),
      '--polarity',
      'trough',
      '--json',
    );
    expectOk(r);
    expect((JSON.parse(r.stdout) as ProfileJson).fwhm).toBeNull();
    expect(r.stderr).toMatch(/^wedgelab: warning: no FWHM/m);
  });

  it('bad lines: outside the volume, a point, a malformed point → exit 2, one line', () => {
    const run = (...a: string[]) => wedgelab('profile', p('vesicles.mrc'), ...a);
    expectUsageError(run('--from', '10,10,10', '--to', '70,10,10'), /--to 70,10,10 lies outside/);
    expectUsageError(run('--from', '-1,10,10', '--to', '20,10,10'), /--from -1,10,10 lies outside/);
    expectUsageError(run('--from', '10,10,10', '--to', '10,10,10'), /same point/);
    expectUsageError(run('--from', '10,10', '--to', '20,10,10'), /--from.*3 comma-separated/);
    expectUsageError(run('--to', '20,10,10'), /--from/);
  });
});

describe('wedgelab snr', () => {
  it('equals the core snr on the same boxes', () => {
    // the signal box holds the vesicle; the background box, the solvent below it
    const sig = [8, 8, 8, 56, 56, 40];
    const bg = [0, 0, 0, 64, 64, 4];
    const r = wedgelab(
      'snr',
      p('noisy.mrc'),
      '--signal',
      sig.join(','),
      '--background',
      bg.join(','),
      '--json',
    );
    expectOk(r);
    const j = JSON.parse(r.stdout) as SnrJson;
    const box = (b: number[]) => ({
      min: [b[0], b[1], b[2]] as Vec3,
      max: [b[3], b[4], b[5]] as Vec3,
    });
    const want = coreSnr(noisy, box(sig), box(bg));
    expectClose(j.snr ?? NaN, want.snr, 1e-12);
    expectClose(j.backgroundSd, want.backgroundSd, 1e-12);
    expect(j.signal).toEqual(box(sig));
    // uniform(−0.2, 0.2) noise: sd 0.4/√12
    expect(j.backgroundSd).toBeGreaterThan(0.9 * (0.4 / Math.sqrt(12)));
    expect(j.backgroundSd).toBeLessThan(1.1 * (0.4 / Math.sqrt(12)));
    const t = wedgelab('snr', p('noisy.mrc'), '--signal', sig.join(','), '--background', bg.join(','));
    expectOk(t);
    expect(t.stdout).toMatch(/^SNR\s+[\d.]+$/m);
  });

  it('bad boxes: outside, empty, fractional, wrong count → exit 2, one line', () => {
    const run = (s: number[] | string, b: number[] | string) =>
      wedgelab(
        'snr',
        p('noisy.mrc'),
        '--signal',
        typeof s === 'string' ? s : s.join(','),
        '--background',
        typeof b === 'string' ? b : b.join(','),
      );
    const bg = [0, 0, 0, 8, 8, 8];
    expectUsageError(run([0, 0, 0, 65, 8, 8], bg), /--signal 0,0,0,65,8,8 reaches outside the 64×64×48/);
    expectUsageError(run([8, 8, 8, 16, 16, 16], [-1, 0, 0, 8, 8, 8]), /--background .* outside/);
    expectUsageError(run([4, 4, 4, 4, 8, 8], bg), /--signal 4,4,4,4,8,8 is empty/);
    expectUsageError(run([8, 8, 8, 2, 2, 2], bg), /is empty/);
    expectUsageError(run([0, 0, 0, 8.5, 8, 8], bg), /whole voxel/);
    expectUsageError(run('0,0,0,8,8', bg), /--signal.*6 comma-separated/);
  });
});
