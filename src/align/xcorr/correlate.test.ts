// The correlation's sense and sub-pixel accuracy on a smooth random image moved by known sub-pixel shifts.
import { describe, expect, it } from 'vitest';
import { binnedFrame, sampleRaw } from '../image/frame.ts';
import { bandPassWeights, DEFAULT_BAND_PASS, taperedSpectrum } from '../image/spectrum.ts';
import { crossCorrelate, measureShift } from './correlate.ts';
import { localCorrelate } from './gridPeak.ts';

function blobs(n: number, seed: number): Float32Array {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const centres = Array.from({ length: 30 }, () => [rnd() * n, rnd() * n, 2 + 4 * rnd(), rnd()]);
  const img = new Float32Array(n * n);
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      for (const [cx, cy, r, a] of centres)
        img[x + n * y] += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * r * r));
  return img;
}

const n = 64;
const det = { nu: n, nv: n };
const frame = binnedFrame(det, 1);
const weights = bandPassWeights(frame.n, DEFAULT_BAND_PASS);
const shifted = (img: Float32Array, dx: number, dy: number) =>
  sampleRaw(img, det, { a11: 1, a12: 0, a21: 0, a22: 1, dxPx: dx, dyPx: dy }, frame);

describe('crossCorrelate', () => {
  it('returns the shift that carries mov onto ref, to within 0.03 px once measured again', () => {
    const img = blobs(n, 7);
    const ref = taperedSpectrum(shifted(img, 0, 0), frame);
    for (const [dx, dy] of [
      [2.3, -1.7],
      [-4.45, 0.6],
      [0.25, 3.8],
    ]) {
      // ref is the image; mov is it moved by −(dx, dy), so applying +(dx, dy) to mov gives ref
      const movAt = (mx: number, my: number) => taperedSpectrum(shifted(img, mx - dx, my - dy), frame);
      const mov = movAt(0, 0);
      const once = crossCorrelate(ref, mov, { weights });
      // one pass is biased towards 0 by the fixed taper and the cut edges (≈10 % at 64²)
      expect(Math.hypot(once.dx, once.dy)).toBeLessThan(Math.hypot(dx, dy));
      const c = measureShift(ref, movAt, { weights });
      expect(Math.abs(c.dx - dx)).toBeLessThan(0.03);
      expect(Math.abs(c.dy - dy)).toBeLessThan(0.03);
      expect(c.peak).toBeGreaterThan(0.8);
      const l = localCorrelate(ref, mov, weights, [Math.round(dx), Math.round(dy)], 2);
      expect(Math.abs(l.dx - once.dx)).toBeLessThan(0.02);
      expect(Math.abs(l.dy - once.dy)).toBeLessThan(0.02);
    }
  });

  it('reports a weak peak for unrelated images', () => {
    const c = crossCorrelate(
      taperedSpectrum(shifted(blobs(n, 1), 0, 0), frame),
      taperedSpectrum(shifted(blobs(n, 2), 0, 0), frame),
      { weights },
    );
    expect(c.peak).toBeLessThan(0.5);
  });
});
