import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../errors.ts';
import { fft3dInPlace } from '../fft/fft3d.ts';
import { createWedgeClassifier, directionalFsc, MISSING, PRESENT } from './directionalFsc.ts';
import { crossing, fsc } from './fsc.ts';
import { halfSetFsc, splitOddEven } from './halfSet.ts';
import { blobPhantom, gaussianNoise, vol } from './testVolumes.ts';
import type { VolumeInput } from './volumeInput.ts';

/** Keep the Fourier points where keep(fx, fy, fz) holds (frequencies in cycles/px per axis). */
function fourierMask(v: VolumeInput, keep: (fx: number, fy: number, fz: number) => boolean): VolumeInput {
  const { nx, ny, nz } = v;
  const re = Float64Array.from(v.data);
  const im = new Float64Array(re.length);
  fft3dInPlace(re, im, nx, ny, nz);
  for (let kz = 0; kz < nz; kz++)
    for (let ky = 0; ky < ny; ky++)
      for (let kx = 0; kx < nx; kx++) {
        const f = (k: number, n: number) => (k <= n / 2 ? k : k - n) / n;
        if (!keep(f(kx, nx), f(ky, ny), f(kz, nz))) {
          const i = kx + nx * (ky + ny * kz);
          re[i] = 0;
          im[i] = 0;
        }
      }
  fft3dInPlace(re, im, nx, ny, nz, true);
  return vol(nx, ny, nz, Float32Array.from(re));
}

const range = (lo: number, hi: number, step: number) =>
  Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

describe('fsc', () => {
  it('FSC(a, a) = 1 in every shell, cubic and non-cubic', () => {
    for (const a of [blobPhantom(32, 32, 32), vol(24, 20, 16, gaussianNoise(24 * 20 * 16, 1, 3))]) {
      const r = fsc(a, a);
      expect(r.freq[0]).toBeCloseTo(1 / Math.max(a.nx, a.ny, a.nz), 12);
      expect(r.freq[r.freq.length - 1]).toBeCloseTo(0.5, 12);
      for (const v of r.fsc) expect(v).toBeCloseTo(1, 5);
      expect(r.fsc143).toBeNull();
      expect(r.fsc05).toBeNull();
    }
  });

  it('FSC of independent noise is ≈ 0', () => {
    const n = 32 ** 3;
    const r = fsc(vol(32, 32, 32, gaussianNoise(n, 1, 1)), vol(32, 32, 32, gaussianNoise(n, 1, 2)));
    let meanAbs = 0;
    for (let s = 2; s < r.fsc.length; s++) {
      expect(Math.abs(r.fsc[s])).toBeLessThan(5 / Math.sqrt(r.nPoints[s]));
      meanAbs += Math.abs(r.fsc[s]);
    }
    expect(meanAbs / (r.fsc.length - 2)).toBeLessThan(0.05);
    expect(r.fsc143).not.toBeNull();
  });

  it('drops past the cutoff of a low-passed copy and crosses near it, in 1/px and Å', () => {
    const a = vol(32, 32, 32, gaussianNoise(32 ** 3, 1, 9));
    const cutoff = 0.25;
    const b = fourierMask(a, (fx, fy, fz) => Math.hypot(fx, fy, fz) <= cutoff);
    const r = fsc(a, b, { voxelSizeA: 2 });
    for (let s = 0; s < r.freq.length; s++) {
      if (r.freq[s] < cutoff - 1 / 32) expect(r.fsc[s]).toBeGreaterThan(0.9);
      if (r.freq[s] > cutoff + 1 / 32) expect(r.fsc[s]).toBeLessThan(0.05);
    }
    expect(r.fsc143?.freqPerPx).toBeGreaterThan(cutoff - 1 / 32);
    expect(r.fsc143?.freqPerPx).toBeLessThan(cutoff + 1.5 / 32);
    expect(r.fsc143?.resolutionA).toBeCloseTo(2 / (r.fsc143?.freqPerPx ?? 1), 10);
    expect(r.fsc05?.freqPerPx).toBeLessThanOrEqual(r.fsc143?.freqPerPx ?? 0);
  });

  it('interpolates crossings linearly and skips empty shells', () => {
    expect(crossing([0.1, 0.2, 0.3], [1, 0.6, 0.2], 0.5, 2)).toEqual({
      freqPerPx: 0.225,
      resolutionA: 2 / 0.225,
    });
    expect(crossing([0.1, 0.2], [1, 0.9], 0.5)).toBeNull();
    // voxel size 0 = unknown: no Å figure rather than 0 Å
    expect(crossing([0.1, 0.2, 0.3], [1, 0.6, 0.2], 0.5, 0)?.resolutionA).toBeNull();
    expect(crossing([0.1, 0.2, 0.3], [1, 0, 0.2], 0.5, 1, [5, 0, 5])?.freqPerPx).toBeCloseTo(0.225, 12);
  });

  it('rejects volumes of different sizes with a one-line WedgeLabError', () => {
    const e = (() => {
      try {
        fsc(vol(8, 8, 8), vol(8, 8, 4));
      } catch (err) {
        return err;
      }
    })();
    expect(isWedgeLabError(e) && e.code === 'mismatch').toBe(true);
    expect((e as Error).message).toMatch(/8×8×8 vs 8×8×4/);
    expect((e as Error).message).not.toMatch(/\n/);
  });
});

describe('directional FSC', () => {
  const tilts60 = range(-60, 60, 2);
  // odd size: no Nyquist plane, whose Friedel mate is itself, so Fourier masks keep the volume real
  const n = 33;
  const a = vol(n, n, n, gaussianNoise(n ** 3, 1, 21));

  /** A's Fourier content where keep holds, independent noise elsewhere (a zeroed region has no defined FSC). */
  function splice(keep: (fx: number, fy: number, fz: number) => boolean): VolumeInput {
    const kept = fourierMask(a, keep);
    const noise = fourierMask(vol(n, n, n, gaussianNoise(n ** 3, 1, 99)), (fx, fy, fz) => !keep(fx, fy, fz));
    for (let i = 0; i < kept.data.length; i++) kept.data[i] += noise.data[i];
    return kept;
  }
  /** point-weighted mean of a curve: shells with a handful of points are noisy */
  const mean = (r: { fsc: number[]; nPoints: number[] }) => {
    let s = 0;
    let w = 0;
    r.fsc.forEach((v, i) => {
      s += v * r.nPoints[i];
      w += r.nPoints[i];
    });
    return s / w;
  };

  it('present ≈ 1 and missing ≈ 0 when B keeps A only on the measured planes', () => {
    const classify = createWedgeClassifier(tilts60, n);
    const b = splice((fx, fy, fz) => classify(fx, fy, fz) === PRESENT);
    const r = directionalFsc(a, b, tilts60);
    for (const v of r.present.fsc) expect(v).toBeCloseTo(1, 4);
    for (let s = 0; s < r.missing.fsc.length; s++) {
      if (r.missing.nPoints[s] > 0)
        expect(Math.abs(r.missing.fsc[s])).toBeLessThan(5 / Math.sqrt(r.missing.nPoints[s]));
    }
    expect(Math.abs(mean(r.missing))).toBeLessThan(0.05);
    for (let s = 0; s < r.all.fsc.length; s++) {
      expect(r.all.nPoints[s]).toBe(r.present.nPoints[s] + r.missing.nPoints[s]);
    }
    // 2° steps leave no gaps at this size, so about 120/180 of each outer shell is measured
    const last = r.all.nPoints.length - 1;
    const fraction = r.present.nPoints[last] / r.all.nPoints[last];
    expect(fraction).toBeGreaterThan(0.6);
    expect(fraction).toBeLessThan(0.8);
  });

  it('a geometric ±60° missing wedge: present ≫ missing', () => {
    const tan60 = Math.tan((60 * Math.PI) / 180);
    const b = splice((fx, _fy, fz) => Math.abs(fz) <= tan60 * Math.abs(fx) + 1e-12);
    const r = directionalFsc(a, b, range(-60, 60, 1));
    expect(mean(r.present)).toBeGreaterThan(0.9);
    expect(mean(r.missing)).toBeLessThan(0.1);
  });

  it('derives the mask from the actual tilt list: −40…+60 differs from ±60 on the expected side', () => {
    const asym = range(-40, 60, 2);
    const sym = createWedgeClassifier(tilts60, n);
    const cls = createWedgeClassifier(asym, n);
    const flipped = createWedgeClassifier(asym, n, { angleSign: -1 });
    const at = (deg: number, r = 0.3): [number, number, number] => {
      const t = (deg * Math.PI) / 180;
      return [r * Math.cos(t), 0.05, r * Math.sin(t)];
    };
    expect(sym(...at(50))).toBe(PRESENT);
    expect(sym(...at(-50))).toBe(PRESENT);
    expect(cls(...at(50))).toBe(PRESENT);
    expect(cls(...at(-50))).toBe(MISSING);
    expect(flipped(...at(50))).toBe(MISSING);
    expect(flipped(...at(-50))).toBe(PRESENT);
    expect(sym(...at(75))).toBe(MISSING);
    // Friedel mates agree, so masked volumes stay real
    const [x, y, z] = at(-30);
    expect(cls(-x, -y, -z)).toBe(cls(x, y, z));

    const b = fourierMask(a, (fx, fy, fz) => cls(fx, fy, fz) === PRESENT);
    const onAsym = directionalFsc(a, b, asym);
    const onSym = directionalFsc(a, b, tilts60);
    const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    expect(sum(onAsym.present.nPoints)).toBeLessThan(sum(onSym.present.nPoints));
    const mid = 8;
    expect(onAsym.present.fsc[mid]).toBeCloseTo(1, 4);
    expect(onSym.present.fsc[mid]).toBeLessThan(0.95);
  });

  it('honours the tilt-axis rotation', () => {
    const t = (30 * Math.PI) / 180;
    const p: [number, number, number] = [0, 0.3 * Math.cos(t), 0.3 * Math.sin(t)];
    expect(createWedgeClassifier(tilts60, 32, { tiltAxisAngleDeg: 90 })(...p)).toBe(PRESENT);
    expect(createWedgeClassifier(tilts60, n)(...p)).toBe(MISSING);
  });

  it('half-set helper: odd/even split and present/missing curves', () => {
    expect(splitOddEven(5)).toEqual({ even: [0, 2, 4], odd: [1, 3] });
    expect(() => splitOddEven(1)).toThrow(/at least 2 views/);
    const classify = createWedgeClassifier(tilts60, n);
    const b = splice((fx, fy, fz) => classify(fx, fy, fz) === PRESENT);
    const r = halfSetFsc(a, b, tilts60);
    expect(r.present?.fsc[4]).toBeCloseTo(1, 4);
    expect(Math.abs(r.missing?.fsc[10] ?? 1)).toBeLessThan(0.1);
    const plain = halfSetFsc(a, a);
    expect(plain.present).toBeUndefined();
    expect(plain.total.fsc[3]).toBeCloseTo(1, 5);
  });
});
