// Alignment on a tilt series WedgeLab did not make: scripts/fixtures/shifted_radon.py projects a random
// phantom with scikit-image's radon, shifts each view with scipy (known sub-pixel shifts, sd 4 px) and adds
// Poisson noise. First the fixture's truth .xf is checked against our geometry (our projector with that .xf
// reproduces its raw views; resampling with it recentres every view); then xcorrAlign must find the shifts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alignmentError } from '../core/metrics/alignment.ts';
import { geometryFromTilts, invertInPlane, type InPlaneXf } from '../core/geometry/index.ts';
import type { Volume } from '../core/types.ts';
import { parseTlt, parseXf } from '../io/meta/index.ts';
import { bytesSource, openMrc, readVolume } from '../io/mrc/index.ts';
import { projectVolume, warpImage } from '../recon/simulate/index.ts';
import { repoRoot } from '../testing/sharedData.ts';
import { xcorrAlign } from './xcorr/xcorrAlign.ts';

const PY = '/usr/bin/python3';
const SCRIPT = join(repoRoot, 'scripts/fixtures/shifted_radon.py');
const N = 95;
/**
 * xcorrAlign's rmsRigidPx on this fixture (seed 1, dose 200) measured 0.27 px with the first cut of
 * src/align/xcorr (unaligned: 5.9 px); seeds 1–6 gave 0.27–0.71 px (0.27–0.78 at dose 50). The bound sits
 * above all of them, so it fails when the aligner breaks, not when it moves within its spread.
 */
const RIGID_BOUND_PX = 0.8;

const dir = mkdtempSync(join(tmpdir(), 'wedgelab-radon-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Fixture {
  raw: Volume;
  anglesDeg: number[];
  truth: InPlaneXf[];
  clean?: Volume;
  volume?: Volume;
}

async function mrc(path: string): Promise<Volume> {
  const bytes = readFileSync(path);
  return readVolume(await openMrc(bytesSource(new Uint8Array(bytes), path)));
}

async function fixture(name: string, args: string[], extras = false): Promise<Fixture> {
  const prefix = join(dir, name);
  const r = spawnSync(PY, [SCRIPT, prefix, '--n', String(N), ...args, ...(extras ? ['--extras'] : [])], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`shifted_radon.py failed: ${r.stderr || r.error?.message}`);
  return {
    raw: await mrc(`${prefix}.mrc`),
    anglesDeg: parseTlt(readFileSync(`${prefix}.tlt`, 'utf8'), `${name}.tlt`),
    truth: parseXf(readFileSync(`${prefix}_truth.xf`, 'utf8'), `${name}_truth.xf`),
    ...(extras ? { clean: await mrc(`${prefix}_clean.mrc`), volume: await mrc(`${prefix}_volume.mrc`) } : {}),
  };
}

function correlation(a: Float32Array, b: Float32Array): number {
  let n = 0,
    sa = 0,
    sb = 0,
    sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < a.length; i++) {
    n++;
    sa += a[i];
    sb += b[i];
    sab += a[i] * b[i];
    saa += a[i] * a[i];
    sbb += b[i] * b[i];
  }
  return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
}

function centroid(img: Float32Array): [number, number] {
  let m = 0,
    mx = 0,
    my = 0;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      const v = img[x + N * y];
      m += v;
      mx += v * x;
      my += v * y;
    }
  return [mx / m, my / m];
}

const plane = N * N;
const view = (v: Volume, k: number) => v.data.subarray(k * plane, (k + 1) * plane);

describe('the independent fixture (skimage radon + scipy shift) against our geometry', async () => {
  const f = await fixture('exact', ['--noise-free', '--angles=-60,60,12'], true);
  const volume = f.volume as Volume;
  const clean = f.clean as Volume;

  it('our projector, given the fixture truth .xf, reproduces its raw views; the inverse .xf does not', async () => {
    expect(f.raw.nz).toBe(11);
    const withTruth = await projectVolume(volume, geometryFromTilts(f.anglesDeg, { xf: f.truth }));
    const withInverse = await projectVolume(
      volume,
      geometryFromTilts(f.anglesDeg, { xf: f.truth.map(invertInPlane) }),
    );
    f.anglesDeg.forEach((_, k) => {
      const ours = withTruth.subarray(k * plane, (k + 1) * plane);
      expect(correlation(ours, view(f.raw, k)), `view ${k}`).toBeGreaterThan(0.995);
      const wrong = withInverse.subarray(k * plane, (k + 1) * plane);
      expect(correlation(wrong, view(f.raw, k))).toBeLessThan(correlation(ours, view(f.raw, k)) - 0.05);
    });
  });

  it('resampling each raw view through its truth .xf puts it back on the unshifted view (centroids within 0.05 px)', () => {
    f.anglesDeg.forEach((_, k) => {
      const aligned = warpImage(view(f.raw, k), N, N, f.truth[k]);
      const [ax, ay] = centroid(aligned);
      const [cx, cy] = centroid(view(clean, k));
      expect(Math.hypot(ax - cx, ay - cy), `view ${k}`).toBeLessThan(0.05);
      const [rx, ry] = centroid(view(f.raw, k));
      // and the shift that was undone is the .xf's: raw centroid − aligned centroid = −(dx, dy)
      expect(rx - ax).toBeCloseTo(-f.truth[k].dxPx, 1);
      expect(ry - ay).toBeCloseTo(-f.truth[k].dyPx, 1);
    });
  });
});

describe('xcorrAlign on the noisy independent fixture (95² × 31 views, ±60°, shifts sd 4 px)', async () => {
  const f = await fixture('noisy', []);

  it(`finds the shifts: rms rigid error < ${RIGID_BOUND_PX} px`, async () => {
    const det = { nu: N, nv: N };
    const result = await xcorrAlign({ data: f.raw.data, det, anglesDeg: f.anglesDeg, axisRotationDeg: 0 });
    const err = alignmentError(result.transforms, f.truth, det, f.anglesDeg);
    // unaligned, the same metric: how much there was to find
    const before = alignmentError(
      f.truth.map(() => ({ a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 })),
      f.truth,
      det,
      f.anglesDeg,
    );
    console.log(
      `independent fixture: xcorr rmsRigidPx ${err.rmsRigidPx?.toFixed(3)}, rmsRelativePx ${err.rmsRelativePx.toFixed(3)} (unaligned rigid ${before.rmsRigidPx?.toFixed(2)})`,
    );
    expect(before.rmsRigidPx).toBeGreaterThan(3);
    expect(result.excludedViews).toEqual([]);
    expect(err.rmsRigidPx).toBeLessThan(RIGID_BOUND_PX);
  });
});
