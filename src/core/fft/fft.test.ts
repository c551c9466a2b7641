import { describe, expect, it } from 'vitest';
import { createFft } from './fft.ts';
import { fft3dInPlace, fftRealPair3d } from './fft3d.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

function naiveDft(re: Float64Array, im: Float64Array, sign = -1): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
      sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return [outRe, outIm];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('createFft', () => {
  for (const n of [1, 2, 8, 64, 256, 3, 5, 25, 43, 73, 100, 243]) {
    it(`matches a naive DFT and inverts, n = ${n}`, () => {
      const r = rng(n);
      const re = Float64Array.from({ length: n }, r);
      const im = Float64Array.from({ length: n }, r);
      const [wantRe, wantIm] = naiveDft(re, im);
      const plan = createFft(n);
      const gotRe = re.slice();
      const gotIm = im.slice();
      plan.forward(gotRe, gotIm);
      const tol = 1e-10 * n;
      expect(maxAbsDiff(gotRe, wantRe)).toBeLessThan(tol);
      expect(maxAbsDiff(gotIm, wantIm)).toBeLessThan(tol);
      plan.inverse(gotRe, gotIm);
      expect(maxAbsDiff(gotRe, re)).toBeLessThan(1e-12 * n);
      expect(maxAbsDiff(gotIm, im)).toBeLessThan(1e-12 * n);
    });
  }

  it('works on Float32Array pairs', () => {
    const n = 60;
    const r = rng(7);
    const re = Float32Array.from({ length: n }, r);
    const im = new Float32Array(n);
    const [wantRe, wantIm] = naiveDft(Float64Array.from(re), new Float64Array(n));
    createFft(n).forward(re, im);
    expect(maxAbsDiff(re, wantRe)).toBeLessThan(1e-4);
    expect(maxAbsDiff(im, wantIm)).toBeLessThan(1e-4);
  });

  it('rejects bad lengths', () => {
    expect(() => createFft(0)).toThrow();
    expect(() => createFft(2.5)).toThrow();
  });
});

describe('fft3d', () => {
  it('matches a naive 3D DFT on a 6×5×4 volume and inverts', () => {
    const [nx, ny, nz] = [6, 5, 4];
    const r = rng(3);
    const vol = Float64Array.from({ length: nx * ny * nz }, r);
    const re = Float32Array.from(vol);
    const im = new Float32Array(vol.length);
    fft3dInPlace(re, im, nx, ny, nz);
    let err = 0;
    for (let kz = 0; kz < nz; kz++)
      for (let ky = 0; ky < ny; ky++)
        for (let kx = 0; kx < nx; kx++) {
          let sr = 0;
          let si = 0;
          for (let z = 0; z < nz; z++)
            for (let y = 0; y < ny; y++)
              for (let x = 0; x < nx; x++) {
                const a = -2 * Math.PI * ((kx * x) / nx + (ky * y) / ny + (kz * z) / nz);
                const v = vol[x + nx * (y + ny * z)];
                sr += v * Math.cos(a);
                si += v * Math.sin(a);
              }
          const i = kx + nx * (ky + ny * kz);
          err = Math.max(err, Math.abs(re[i] - sr), Math.abs(im[i] - si));
        }
    expect(err).toBeLessThan(1e-4);
    fft3dInPlace(re, im, nx, ny, nz, true);
    expect(maxAbsDiff(re, vol)).toBeLessThan(1e-5);
    expect(maxAbsDiff(im, new Float64Array(vol.length))).toBeLessThan(1e-5);
  });

  it('packs two real volumes into one transform', () => {
    const [nx, ny, nz] = [7, 4, 3];
    const r = rng(11);
    const a = Float32Array.from({ length: nx * ny * nz }, r);
    const b = Float32Array.from({ length: nx * ny * nz }, r);
    const z = fftRealPair3d(a, b, nx, ny, nz);
    const aRe = a.slice();
    const aIm = new Float32Array(a.length);
    fft3dInPlace(aRe, aIm, nx, ny, nz);
    // A(k) = (Z(k) + conj Z(-k)) / 2 at k = (1, 2, 1)
    const k = 1 + nx * (2 + ny * 1);
    const mk = nx - 1 + nx * (ny - 2 + ny * (nz - 1));
    expect((z.re[k] + z.re[mk]) / 2).toBeCloseTo(aRe[k], 4);
    expect((z.im[k] - z.im[mk]) / 2).toBeCloseTo(aIm[k], 4);
  });
});
