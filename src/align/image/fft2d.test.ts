// The half-work real 2D FFT and its inverse against a direct DFT and a round trip.
import { describe, expect, it } from 'vitest';
import { fft2dReal, ifft2dInPlace, ifft2dRealInPlace } from './fft2d.ts';

describe('fft2dReal', () => {
  it('matches a direct 2D DFT and inverts back (both inverses)', () => {
    const n = 8;
    const img = Float64Array.from({ length: n * n }, (_, i) => Math.sin(i * 1.3) + (i % 5) * 0.2);
    const s = fft2dReal(Float64Array.from(img), n);
    for (const [kx, ky] of [
      [0, 0],
      [1, 0],
      [3, 2],
      [5, 7],
      [4, 4],
      [7, 1],
    ]) {
      let r = 0;
      let i = 0;
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const a = (-2 * Math.PI * (kx * x + ky * y)) / n;
          r += img[x + n * y] * Math.cos(a);
          i += img[x + n * y] * Math.sin(a);
        }
      expect(s.re[kx + n * ky]).toBeCloseTo(r, 9);
      expect(s.im[kx + n * ky]).toBeCloseTo(i, 9);
    }
    const a = { n, re: Float64Array.from(s.re), im: Float64Array.from(s.im) };
    ifft2dRealInPlace(a);
    const b = { n, re: Float64Array.from(s.re), im: Float64Array.from(s.im) };
    ifft2dInPlace(b);
    for (let p = 0; p < n * n; p++) {
      expect(a.re[p]).toBeCloseTo(img[p], 9);
      expect(b.re[p]).toBeCloseTo(img[p], 9);
    }
  });
});
