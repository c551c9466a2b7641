import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../errors.ts';
import { psnr } from './psnr.ts';
import { ssim3d } from './ssim.ts';
import { fwhm, lineProfile, snr } from './profile.ts';
import { gaussianNoise, vol } from './testVolumes.ts';

const gauss = (x: number, c: number, s: number) => Math.exp(-((x - c) ** 2) / (2 * s * s));

describe('fwhm', () => {
  for (const sigma of [1.5, 3, 7.3]) {
    it(`of a sampled Gaussian (σ = ${sigma}) is 2.3548σ within 2%`, () => {
      const profile = Array.from({ length: 81 }, (_, i) => 0.2 + 1.7 * gauss(i, 40.3, sigma));
      const r = fwhm(profile, { voxelSizeA: 4 });
      expect(r).not.toBeNull();
      expect(Math.abs((r?.fwhmPx ?? 0) / (2.3548 * sigma) - 1)).toBeLessThan(0.02);
      expect(r?.fwhmA).toBeCloseTo(4 * (r?.fwhmPx ?? 0), 10);
      expect(r?.polarity).toBe('peak');
      expect(r?.baseline).toBeCloseTo(0.2, 3);
    });
  }

  it('handles a trough (dense membrane in inverted contrast) and sample spacing', () => {
    const profile = Array.from({ length: 121 }, (_, i) => 5 - 2 * gauss(i * 0.5, 30, 3));
    const r = fwhm(profile, { spacingPx: 0.5 });
    expect(r?.polarity).toBe('trough');
    expect(Math.abs((r?.fwhmPx ?? 0) / (2.3548 * 3) - 1)).toBeLessThan(0.02);
    expect(r?.centerPx).toBeCloseTo(30, 5);
  });

  it('returns null when the peak runs off the end', () => {
    expect(fwhm([0, 0.5, 1, 1, 1])).toBeNull();
  });
});

describe('lineProfile', () => {
  it('recovers a membrane width across an oblique slab with trilinear sampling and averaging', () => {
    const [nx, ny, nz] = [48, 48, 12];
    const v = vol(nx, ny, nz);
    const sigma = 2.5;
    const c = 48 / Math.SQRT2; // slab centred on x + y = 48
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) v.data[x + nx * (y + ny * z)] = gauss((x + y) / Math.SQRT2, c, sigma);
    const p = lineProfile(v, [10, 10, 6], [38, 38, 6], { widthPx: 5, stepPx: 0.5 });
    expect(p.positionPx[p.positionPx.length - 1]).toBeCloseTo(28 * Math.SQRT2, 0);
    const r = fwhm(p.values, { spacingPx: p.spacingPx });
    expect(Math.abs((r?.fwhmPx ?? 0) / (2.3548 * sigma) - 1)).toBeLessThan(0.02);
    expect(r?.centerPx).toBeCloseTo(14 * Math.SQRT2, 0);
  });
});

describe('snr', () => {
  it('is signal mean over background sd on boxes', () => {
    const [nx, ny, nz] = [40, 40, 20];
    const v = vol(nx, ny, nz, gaussianNoise(nx * ny * nz, 0.5, 4));
    for (let z = 5; z < 15; z++)
      for (let y = 5; y < 15; y++) for (let x = 5; x < 15; x++) v.data[x + nx * (y + ny * z)] = 3;
    const r = snr(v, { min: [5, 5, 5], max: [15, 15, 15] }, { min: [20, 0, 0], max: [40, 40, 20] });
    expect(r.signalMean).toBeCloseTo(3, 6);
    expect(r.backgroundSd).toBeGreaterThan(0.48);
    expect(r.backgroundSd).toBeLessThan(0.52);
    expect(r.snr).toBeCloseTo(3 / r.backgroundSd, 10);
    expect(() => snr(v, { min: [0, 0, 0], max: [50, 1, 1] }, { min: [0, 0, 0], max: [1, 1, 1] })).toThrow(
      /outside/,
    );
  });
});

describe('input checks', () => {
  it('size mismatch and bad data lengths are WedgeLabErrors', () => {
    const a = vol(16, 16, 16);
    for (const f of [
      () => psnr(a, vol(16, 16, 15)),
      () => ssim3d(a, vol(16, 15, 16)),
      () => psnr(a, { ...a, nz: 3 }),
    ]) {
      let caught: unknown;
      try {
        f();
      } catch (e) {
        caught = e;
      }
      expect(isWedgeLabError(caught)).toBe(true);
    }
  });

  it('PSNR is Infinity for identical volumes, SSIM 1', () => {
    const a = vol(16, 16, 16, gaussianNoise(16 ** 3, 1, 8));
    expect(psnr(a, a)).toBe(Infinity);
    expect(ssim3d(a, a)).toBeCloseTo(1, 6);
  });
});
