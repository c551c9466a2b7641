import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/phantoms/index.ts';
import { binnedFrame } from '../image/frame.ts';
import { bandPassWeights, DEFAULT_BAND_PASS, taperedSpectrum } from '../image/spectrum.ts';
import { crossCorrelate } from '../xcorr/correlate.ts';
import { networkInput } from './inputs.ts';
import type { NoiseModel } from './noise.ts';
import { addNoise, pairBase, shiftedBase, syntheticPair } from './pairs.ts';

const S = 48;
const frame = binnedFrame({ nu: S, nv: S }, 1);

function blobs(seed: number): Float64Array {
  const rng = new Rng(seed);
  const img = new Float64Array(S * S).fill(10);
  for (let b = 0; b < 16; b++) {
    const cx = rng.uniform(8, S - 8);
    const cy = rng.uniform(8, S - 8);
    const s = rng.uniform(1.5, 3.5);
    const a = rng.uniform(-3, 3);
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++)
        img[x + S * y] += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s));
  }
  return img;
}

const quiet: NoiseModel = { kind: 'gaussian', sd: 1e-9, mean: 10 };
const rmsDiff = (a: Float64Array, b: Float64Array) =>
  Math.sqrt(a.reduce((s, v, p) => s + (v - b[p]) ** 2, 0) / a.length);

describe('synthetic pairs', () => {
  it('a Fourier shift by whole pixels moves the image by them; by a fraction, moves its centroid', () => {
    const img = blobs(1);
    const base = pairBase(img, frame, quiet);
    const same = shiftedBase(base, frame, 0, 0);
    expect(rmsDiff(same, img)).toBeLessThan(1e-9);
    const moved = shiftedBase(base, frame, 2, -1);
    // content moves by +s: moved(x, y) = img(x − 2, y + 1) away from the wrapped edge
    let worst = 0;
    for (let y = 4; y < S - 4; y++)
      for (let x = 4; x < S - 4; x++)
        worst = Math.max(worst, Math.abs(moved[x + S * y] - img[x - 2 + S * (y + 1)]));
    expect(worst).toBeLessThan(1e-9);
    const spot = new Float64Array(S * S);
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) spot[x + S * y] = Math.exp(-((x - 24) ** 2 + (y - 20) ** 2) / 8);
    const sub = shiftedBase(pairBase(spot, frame, quiet), frame, 0.3, 0.45);
    let m = 0;
    let mx = 0;
    let my = 0;
    // around the spot: the edges take the image mean where the shift brings in the padding
    for (let y = 10; y < 31; y++)
      for (let x = 14; x < 35; x++) {
        const v = sub[x + S * y];
        m += v;
        mx += v * x;
        my += v * y;
      }
    expect(mx / m - 24).toBeCloseTo(0.3, 3);
    expect(my / m - 20).toBeCloseTo(0.45, 3);
  });

  it('the Wiener base keeps the signal and drops most of the noise, mean included', () => {
    const clean = blobs(2);
    const rng = new Rng(3);
    const noisy = addNoise(Float64Array.from(clean), { kind: 'gaussian', sd: 1, mean: 10 }, rng);
    const base = shiftedBase(pairBase(noisy, frame, { kind: 'gaussian', sd: 1, mean: 10 }), frame, 0, 0);
    expect(rmsDiff(noisy, clean)).toBeGreaterThan(0.9);
    expect(rmsDiff(base, clean)).toBeLessThan(0.45);
    // the filter keeps the mean (only the padding the filter smears into is lost at the edges)
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(base) - mean(noisy))).toBeLessThan(0.01);
  });

  it('labels are the correction xcorr measures on the same pair (the chain adds it to the shift)', () => {
    // one xcorr pass is pulled towards 0 by the taper (xcorr/chain.ts measures twice), hence the 0.8
    const base = pairBase(blobs(4), frame, quiet);
    const rng = new Rng(5);
    const weights = bandPassWeights(frame.n, DEFAULT_BAND_PASS);
    for (let t = 0; t < 5; t++) {
      const pair = syntheticPair(base, frame, 1.5, rng);
      const input = (img: Float64Array) => Float64Array.from(networkInput(img, S, S, 1));
      const c = crossCorrelate(
        taperedSpectrum(input(pair.ref), frame),
        taperedSpectrum(input(pair.mov), frame),
        {
          weights,
        },
      );
      expect(Math.abs(pair.label[0])).toBeLessThanOrEqual(1.5);
      for (const [measured, label] of [
        [c.dx, pair.label[0]],
        [c.dy, pair.label[1]],
      ]) {
        expect(Math.abs(measured - label)).toBeLessThan(0.2 * Math.abs(label) + 0.02);
      }
    }
  });

  it('Poisson noise on counts has variance gain × mean', () => {
    const rng = new Rng(6);
    const img = new Float64Array(20000).fill(300);
    addNoise(img, { kind: 'counts', sd: 0, mean: 300, gain: 3, countsPerPx: 100 }, rng);
    const mean = img.reduce((s, v) => s + v, 0) / img.length;
    const variance = img.reduce((s, v) => s + (v - mean) ** 2, 0) / img.length;
    expect(mean).toBeGreaterThan(298);
    expect(mean).toBeLessThan(302);
    expect(variance / (3 * 300)).toBeGreaterThan(0.95);
    expect(variance / (3 * 300)).toBeLessThan(1.05);
    img.forEach((v) => expect(v % 3).toBe(0));
  });
});
