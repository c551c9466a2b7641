import { describe, expect, it } from 'vitest';
import { acquisitionIndices, ctfValue } from '../../core/acquisition/index.ts';
import { isWedgeLabError } from '../../core/errors.ts';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { Rng } from '../../core/phantoms/index.ts';
import type { Volume } from '../../core/types.ts';
import { createJosephProjector } from '../reference/index.ts';
import { simulateTiltSeries } from './simulate.ts';
import { crop, correlation, powerSpectrum, freqRadius, sum } from './testUtil.ts';
import { warpImage } from './warp.ts';

const small = { name: 'shapes', nx: 48, ny: 48, nz: 32 };

function zeroVolume(n: number, pixelSizeA: number): Volume {
  return {
    nx: n,
    ny: n,
    nz: 4,
    data: new Float32Array(n * n * 4),
    voxelSizeA: [pixelSizeA, pixelSizeA, pixelSizeA],
  };
}

describe('simulateTiltSeries: geometry and mass', () => {
  it('noise-free views conserve mass and equal the Joseph projector', async () => {
    const r = await simulateTiltSeries({ phantom: small, tiltRangeDeg: [-60, 60], tiltStepDeg: 15, seed: 2 });
    const { nx, ny, nviews, data } = r.tiltSeries;
    expect([nx, ny, nviews, r.truth.nz]).toEqual([48, 48, 9, 32]);
    const total = sum(r.truth.data);
    expect(total).toBeGreaterThan(0);
    // Joseph's point-sampled line integrals: the sum is a Riemann sum of the mass (≈1e-3 on sharp edges)
    for (let k = 0; k < nviews; k++) {
      expect(Math.abs(sum(data, k * nx * ny, nx * ny) - total) / total).toBeLessThan(3e-3);
    }
    expect(r.warnings).toEqual([]);
    const ref = createJosephProjector(geometryFromTilts(r.anglesDeg), r.truth);
    const expected = await ref.forward(r.truth.data);
    let maxErr = 0;
    for (let i = 0; i < data.length; i++) maxErr = Math.max(maxErr, Math.abs(data[i] - expected[i]));
    expect(maxErr).toBeLessThan(1e-4 * Math.max(...expected));
    expect(r.tiltSeries.views.map((v) => v.acquisitionIndex)).toEqual(
      acquisitionIndices(r.anglesDeg, 'dose-symmetric'),
    );
  });

  it('is deterministic per seed', async () => {
    const opts = {
      phantom: small,
      tiltRangeDeg: [-30, 30] as const,
      tiltStepDeg: 30,
      doseEA2: 2,
      shiftSigmaPx: 2,
    };
    const a = await simulateTiltSeries({ ...opts, seed: 5 });
    const b = await simulateTiltSeries({ ...opts, seed: 5 });
    const c = await simulateTiltSeries({ ...opts, seed: 6 });
    expect(b.tiltSeries.data).toEqual(a.tiltSeries.data);
    expect(b.truthXf).toEqual(a.truthXf);
    expect(c.tiltSeries.data).not.toEqual(a.tiltSeries.data);
  });

  it('truthXf maps the raw (shifted, axis-rotated) view onto the clean projection', async () => {
    const base = {
      phantom: { ...small, nx: 64, ny: 64, lowpassSigmaPx: 1 },
      anglesDeg: [-40, 0, 25],
      seed: 3,
    };
    const clean = await simulateTiltSeries(base);
    const raw = await simulateTiltSeries({ ...base, shiftSigmaPx: 3, axisErrorDeg: 7 });
    const n = 64;
    for (let k = 0; k < 3; k++) {
      const xf = raw.truthXf[k];
      expect(Math.hypot(xf.dxPx, xf.dyPx)).toBeGreaterThan(0.3);
      const aligned = warpImage(raw.tiltSeries.data, n, n, xf, k * n * n);
      const c = correlation(crop(aligned, n, n, 16), crop(clean.tiltSeries.data, n, n, 16, k * n * n));
      // (the crop leaves out the edge band where shifted/rotated mass left the raw detector)
      expect(c).toBeGreaterThan(0.99);
      // without the correction the views disagree clearly
      const before = correlation(
        crop(raw.tiltSeries.data, n, n, 16, k * n * n),
        crop(clean.tiltSeries.data, n, n, 16, k * n * n),
      );
      expect(before).toBeLessThan(c - 0.02);
    }
  });

  it('warns, naming the tilt, when the specimen is wider than the detector allows at ±60°', async () => {
    // a slab as wide as the detector, like a lamella that extends beyond the field of view
    const n = 48;
    const nz = 24;
    const slab = new Float32Array(n * n * nz);
    for (let z = 2; z < 22; z++) slab.fill(1, n * n * z + 2 * n, n * n * (z + 1) - 2 * n);
    const r = await simulateTiltSeries({
      volume: { nx: n, ny: n, nz, data: slab, voxelSizeA: [1, 1, 1] },
      tiltRangeDeg: [-60, 60],
      tiltStepDeg: 10,
    });
    expect(r.massLostFraction[6]).toBe(0); // 0°
    expect(r.warnings.join('\n')).toMatch(
      /mass leaves the detector from tilt -?10° \(view \d+: [\d.]+% lost; worst [\d.]+% at -?\d+°\)/,
    );
  });

  it('keeps phantoms inside the detector over the simulated range (no warning)', async () => {
    for (const name of ['spheres', 'capsid']) {
      const r = await simulateTiltSeries({
        phantom: { name, nx: 48, ny: 48, nz: 32 },
        anglesDeg: [-60, 0, 60],
      });
      expect(r.warnings).toEqual([]);
      expect(Math.max(...r.massLostFraction)).toBeLessThan(1e-3);
    }
  });

  it('reports progress per view and honours an abort signal', async () => {
    const seen: number[] = [];
    await simulateTiltSeries(
      { phantom: small, anglesDeg: [-10, 0, 10] },
      { onProgress: (f) => seen.push(f) },
    );
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)).toBe(1);
    const ctl = new AbortController();
    const run = simulateTiltSeries(
      { phantom: small, anglesDeg: [-10, 0, 10] },
      { signal: ctl.signal, onProgress: (f) => f > 0 && ctl.abort() },
    );
    await expect(run).rejects.toSatisfy((e: unknown) => isWedgeLabError(e) && e.code === 'cancelled');
  });
});

describe('simulateTiltSeries: dose, noise, CTF', () => {
  it('Poisson noise has mean = variance = dose·pixel² counts on a flat region', async () => {
    const px = 2;
    const dose = 50; // 200 counts per pixel
    const r = await simulateTiltSeries({
      volume: zeroVolume(64, px),
      anglesDeg: [0, 20],
      doseEA2: dose,
      seed: 9,
    });
    const mu = r.attenuationPerUnit ?? NaN;
    const n0 = dose * px * px;
    const counts = Array.from(r.tiltSeries.data, (p) => Math.round(n0 * Math.exp(-mu * p)));
    const m = sum(counts) / counts.length;
    const v = sum(counts.map((c) => (c - m) ** 2)) / counts.length;
    expect(Math.abs(m - n0) / n0).toBeLessThan(0.005);
    expect(Math.abs(v - n0) / n0).toBeLessThan(0.04);
  });

  it('the cos-law beam makes high tilts noisier', async () => {
    const r = await simulateTiltSeries({
      volume: zeroVolume(64, 2),
      anglesDeg: [0, 60],
      doseEA2: 50,
      beam: { thicknessNm: 200, meanFreePathNm: 350 },
      doseDamping: false,
    });
    const plane = 64 * 64;
    const variance = (k: number) => {
      const v = Array.from(r.tiltSeries.data.subarray(k * plane, (k + 1) * plane));
      const m = sum(v) / v.length;
      return sum(v.map((x) => (x - m) ** 2)) / v.length;
    };
    // var(p̂) ≈ 1/(N0·μ²): the ratio is the ratio of effective doses, exp(−t/λ)/exp(−2t/λ)
    expect(variance(1) / variance(0)).toBeCloseTo(Math.exp(200 / 350), 0);
  });

  it('dose damping lowers high-frequency power most in later-acquired views (0° least)', async () => {
    const opts = {
      phantom: { name: 'beads', nx: 64, ny: 64, nz: 32 },
      tiltRangeDeg: [-30, 30] as const,
      tiltStepDeg: 10,
    };
    const clean = await simulateTiltSeries(opts);
    const damped = await simulateTiltSeries({ ...opts, doseEA2: 8, noise: false });
    const n = 64;
    const hf = (data: Float32Array, k: number) => {
      const p = powerSpectrum(data, n, n, k * n * n);
      let s = 0;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) if (freqRadius(i, j, n) > n / 4) s += p[i + n * j];
      return s;
    };
    const ratio = damped.anglesDeg.map(
      (_, k) => hf(damped.tiltSeries.data, k) / hf(clean.tiltSeries.data, k),
    );
    const byAcq = [...ratio.keys()].sort(
      (a, b) =>
        (damped.tiltSeries.views[a].acquisitionIndex ?? 0) -
        (damped.tiltSeries.views[b].acquisitionIndex ?? 0),
    );
    expect(damped.anglesDeg[byAcq[0]]).toBe(0);
    expect(ratio[byAcq[0]]).toBe(Math.max(...ratio));
    for (let i = 1; i < byAcq.length; i++) expect(ratio[byAcq[i]]).toBeLessThan(ratio[byAcq[i - 1]]);
    // the DC (mass) is untouched by damping
    expect(sum(damped.tiltSeries.data, 0, n * n)).toBeCloseTo(sum(clean.tiltSeries.data, 0, n * n), 0);
  });
});

describe('simulateTiltSeries: CTF', () => {
  it('puts the power-spectrum zeros where the CTF is zero and keeps density bright', async () => {
    const n = 128;
    const pixelSizeA = 3;
    const ctf = { defocusUm: 1.5, voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07 };
    const rng = new Rng(4);
    const white = Float32Array.from({ length: n * n * 2 }, () => rng.next());
    const volume: Volume = { nx: n, ny: n, nz: 2, data: white, voxelSizeA: [1, 1, 1] };
    const opts = { volume, anglesDeg: [0], pixelSizeA };
    const clean = await simulateTiltSeries(opts);
    const withCtf = await simulateTiltSeries({ ...opts, ctf });
    const pc = powerSpectrum(clean.tiltSeries.data, n, n);
    const pf = powerSpectrum(withCtf.tiltSeries.data, n, n);
    const shell = (rPx: number) => {
      let s = 0;
      let m = 0;
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++)
          if (Math.abs(freqRadius(i, j, n) - rPx) < 0.5) {
            s += pf[i + n * j] / pc[i + n * j];
            m++;
          }
      return s / m;
    };
    // zeros of ctfValue below 0.8 × Nyquist, by sign change and bisection
    const kMax = 0.8 / (2 * pixelSizeA);
    const zeros: number[] = [];
    const steps = 4000;
    for (let s = 1; s < steps; s++) {
      let a = (kMax * s) / steps;
      let b = (kMax * (s + 1)) / steps;
      if (Math.sign(ctfValue(a, ctf)) === Math.sign(ctfValue(b, ctf))) continue;
      for (let it = 0; it < 50; it++) {
        const m = (a + b) / 2;
        if (Math.sign(ctfValue(m, ctf)) === Math.sign(ctfValue(a, ctf))) a = m;
        else b = m;
      }
      zeros.push(a);
    }
    expect(zeros.length).toBeGreaterThanOrEqual(3);
    const radius = (k: number) => k * n * pixelSizeA;
    for (let z = 0; z < zeros.length; z++) {
      expect(shell(radius(zeros[z]))).toBeLessThan(0.05);
      if (z > 0) {
        // between two zeros the CTF peaks near ±1
        let best = 0;
        for (let r = Math.ceil(radius(zeros[z - 1])); r < radius(zeros[z]); r++)
          best = Math.max(best, shell(r));
        expect(best).toBeGreaterThan(0.7);
      }
    }
    // density stays bright: the view's mass is amplitude contrast × the clean mass, with the same sign
    const ratio = sum(withCtf.tiltSeries.data) / sum(clean.tiltSeries.data);
    expect(ratio).toBeCloseTo(0.07, 4);
  });
});

describe('tilts up to ±90°', () => {
  it('simulates ±90° (the beam along x) and notes that a slab seen edge-on adds nothing', async () => {
    const r = await simulateTiltSeries({
      phantom: { name: 'spheres', nx: 24, ny: 8, nz: 12 },
      tiltRangeDeg: [-90, 90],
      tiltStepDeg: 30,
    });
    expect(r.anglesDeg).toEqual([-90, -60, -30, 0, 30, 60, 90]);
    expect(r.warnings.join('\n')).toMatch(/2 view\(s\) at ±90° look at the 24×12 slab edge-on/);
    // the 90° view is a real projection: the mass stays on the detector
    expect(r.massLostFraction[6]).toBeLessThan(0.01);
    await expect(
      simulateTiltSeries({ phantom: { name: 'spheres', nx: 16, ny: 8, nz: 8 }, anglesDeg: [0, 91] }),
    ).rejects.toThrow(/91° is outside −90…90°/);
  });
});
