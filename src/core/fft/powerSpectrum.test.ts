import { describe, expect, it } from 'vitest';
import { accumulateSums, emptySums } from './centralSections.ts';
import { fftReal3d } from './fft3d.ts';
import { logPower, powerSpectrum2d, taperedSection } from './powerSpectrum.ts';

/** Straight from the definition: P(kx, ky) = |Σ f(x, y) e^{−2πi(kx x/w + ky y/h)}|², origin at ⌊w/2⌋, ⌊h/2⌋. */
function dftPower(f: ArrayLike<number>, w: number, h: number): Float64Array {
  const out = new Float64Array(w * h);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const kx = i - Math.floor(w / 2);
      const ky = j - Math.floor(h / 2);
      let re = 0;
      let im = 0;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const a = -2 * Math.PI * ((kx * x) / w + (ky * y) / h);
          re += f[x + w * y] * Math.cos(a);
          im += f[x + w * y] * Math.sin(a);
        }
      }
      out[i + w * j] = re * re + im * im;
    }
  }
  return out;
}

function noise(n: number, seed: number): Float64Array {
  let s = seed;
  return Float64Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  });
}

describe('powerSpectrum2d', () => {
  for (const [w, h] of [
    [8, 8],
    [16, 6],
    [7, 12],
    [5, 9],
  ]) {
    it(`matches the direct DFT on ${w}×${h} (power-of-two and Bluestein lengths, odd and even)`, () => {
      const f = noise(w * h, w * 31 + h);
      const got = powerSpectrum2d(f, w, h);
      const want = dftPower(f, w, h);
      const peak = Math.max(...want);
      for (let k = 0; k < want.length; k++) expect(Math.abs(got[k] - want[k])).toBeLessThan(1e-9 * peak);
    });
  }

  it('puts a cosine along x at ±its frequency on the centre row', () => {
    const w = 16;
    const h = 8;
    const f = Float64Array.from({ length: w * h }, (_, k) => Math.cos((2 * Math.PI * 3 * (k % w)) / w));
    const p = powerSpectrum2d(f, w, h);
    const row = w * (h / 2);
    expect(p[row + w / 2 + 3]).toBeCloseTo(((w * h) / 2) ** 2, 6);
    expect(p[row + w / 2 - 3]).toBeCloseTo(((w * h) / 2) ** 2, 6);
    expect(p[row + w / 2]).toBeLessThan(1e-12);
  });

  it('refuses a size that does not match the data', () => {
    expect(() => powerSpectrum2d(new Float64Array(10), 4, 4)).toThrow(/10 values for 4×4/);
  });
});

describe('central sections', () => {
  it('the 2D spectrum of the y-sum is the k_y = 0 plane of the 3D spectrum (projection-slice)', () => {
    const [nx, ny, nz] = [8, 5, 6];
    const data = Float32Array.from(noise(nx * ny * nz, 7));
    const sums = emptySums({ nx, ny, nz });
    accumulateSums({ nx, ny, nz, data }, sums, 0, 3);
    accumulateSums({ nx, ny, nz, data }, sums, 3, nz);
    const p = powerSpectrum2d(sums.xz, nx, nz);
    const f3 = fftReal3d(data, nx, ny, nz);
    for (let kz = 0; kz < nz; kz++) {
      for (let kx = 0; kx < nx; kx++) {
        const k = kx + nx * (0 + ny * kz);
        const want = f3.re[k] ** 2 + f3.im[k] ** 2;
        const i = (kx + Math.floor(nx / 2)) % nx;
        const j = (kz + Math.floor(nz / 2)) % nz;
        expect(p[i + nx * j]).toBeCloseTo(want, 2);
      }
    }
    // the z-sum and x-sum likewise hold the whole volume's mass
    const mass = data.reduce((s, v) => s + v, 0);
    expect(sums.xy.reduce((s, v) => s + v, 0)).toBeCloseTo(mass, 4);
    expect(sums.yz.reduce((s, v) => s + v, 0)).toBeCloseTo(mass, 4);
  });
});

describe('taperedSection and logPower', () => {
  it('removes the mean, keeps the centre and fades the border', () => {
    const w = 20;
    const h = 10;
    const t = taperedSection(
      new Float64Array(w * h).fill(3).map((v, k) => v + (k === 105 ? 1 : 0)),
      w,
      h,
    );
    expect(Math.abs(t[0])).toBeLessThan(0.01);
    expect(t[105]).toBeCloseTo(1 - 1 / (w * h), 6);
  });

  it('keeps empty pixels finite, 12 decades below the peak', () => {
    const l = logPower([0, 1e4, 10]);
    expect(l[1]).toBeCloseTo(4, 9);
    expect(l[0]).toBeCloseTo(-8, 6);
    expect(l[2]).toBeCloseTo(1, 6);
  });
});
