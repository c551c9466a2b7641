import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/phantoms/index.ts';
import { samplePoisson } from '../../recon/simulate/poisson.ts';
import { describeNoise, estimateNoise, noiseVariance } from './noise.ts';

const W = 96;
const H = 80;

/** A smooth image with structure on the scale of cryo-ET views after binning (blobs of 3–8 px). */
function smooth(amplitude: number, offset: number, seed = 3): Float64Array {
  const rng = new Rng(seed);
  const img = new Float64Array(W * H).fill(offset);
  for (let b = 0; b < 40; b++) {
    const cx = rng.uniform(0, W);
    const cy = rng.uniform(0, H);
    const s = rng.uniform(3, 8);
    const a = rng.uniform(-amplitude, amplitude);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        img[x + W * y] += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s));
  }
  return img;
}

describe('noise estimate', () => {
  it('finds the sd of white noise under a smooth signal stronger than the noise', () => {
    const rng = new Rng(1);
    const img = smooth(10, 0).map((v) => v + 2 * rng.normal());
    expect(Math.sqrt(noiseVariance(img, W, H))).toBeGreaterThan(1.9);
    expect(Math.sqrt(noiseVariance(img, W, H))).toBeLessThan(2.15);
    // the signal alone is almost invisible to the mask
    expect(Math.sqrt(noiseVariance(smooth(10, 0), W, H))).toBeLessThan(0.3);
  });

  it('skips masks touching NaN (pixels outside the raw view)', () => {
    const rng = new Rng(2);
    const img = smooth(5, 0).map((v) => v + rng.normal());
    for (let y = 0; y < H; y++) for (let x = 0; x < 10; x++) img[x + W * y] = NaN;
    const sd = Math.sqrt(noiseVariance(img, W, H));
    expect(sd).toBeGreaterThan(0.93);
    expect(sd).toBeLessThan(1.1);
  });

  it('reads counts with a gain as Poisson and gives the dose', () => {
    const rng = new Rng(4);
    const gain = 2.5;
    const lambda = 200;
    // intensity about 200 counts with ±20 % contrast, written as gain × counts
    const mean = smooth(0.2 * lambda, lambda);
    const img = mean.map((m) => gain * samplePoisson(rng, m));
    const model = estimateNoise(img, W, H, 10);
    expect(model.kind).toBe('counts');
    expect(model.gain!).toBeGreaterThan(0.92 * gain);
    expect(model.gain!).toBeLessThan(1.1 * gain);
    expect(model.countsPerPx!).toBeGreaterThan(0.9 * lambda);
    expect(model.countsPerPx!).toBeLessThan(1.1 * lambda);
    // 200 counts on a 10 Å pixel: 2 e/Å²
    expect(model.doseEA2!).toBeGreaterThan(1.8);
    expect(model.doseEA2!).toBeLessThan(2.2);
    expect(describeNoise(model)).toMatch(/Poisson .* e\/Å² per view/);
  });

  it('treats log-normalised data (mean not above the noise) as Gaussian, without a dose', () => {
    const rng = new Rng(5);
    const img = smooth(3, 0.5).map((v) => v + 4 * rng.normal());
    const model = estimateNoise(img, W, H, 10);
    expect(model.kind).toBe('gaussian');
    expect(model.doseEA2).toBeUndefined();
    expect(model.sd).toBeGreaterThan(3.8);
    expect(model.sd).toBeLessThan(4.3);
    expect(describeNoise(model)).toMatch(/Gaussian, sd [34]\.\d+ .*not in counts/);
  });
});
