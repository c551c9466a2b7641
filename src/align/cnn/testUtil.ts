/** Test helpers: small pair sets from random blob images, with no tilt series behind them. */
import { Rng } from '../../core/phantoms/index.ts';
import { binnedFrame } from '../image/frame.ts';
import { allocatePairs, networkInput, type PairSet } from './inputs.ts';
import type { NoiseModel } from './noise.ts';
import { pairBase, syntheticPair } from './pairs.ts';

/** `views` blob images of side `size`, `perView` pairs each, shift errors within ±maxPx, noise sd `noiseSd`. */
export function blobPairs(
  views: number,
  perView: number,
  size: number,
  maxPx: number,
  noiseSd: number,
  seed = 1,
): PairSet {
  const frame = binnedFrame({ nu: size, nv: size }, 1);
  const rng = new Rng(seed);
  const set = allocatePairs(size, size, views * perView);
  const plane = size * size;
  const noise: NoiseModel = { kind: 'gaussian', sd: noiseSd, mean: 0 };
  let q = 0;
  for (let v = 0; v < views; v++) {
    const img = new Float64Array(plane);
    for (let b = 0; b < 12; b++) {
      const cx = rng.uniform(0, size);
      const cy = rng.uniform(0, size);
      const s = rng.uniform(1.5, 3.5);
      const a = rng.uniform(-1, 1);
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          img[x + size * y] += a * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s));
    }
    // the images are clean: the base is the image itself, the pairs get fresh noise
    const base = pairBase(img, frame, { ...noise, sd: 0 });
    base.noise = noise;
    for (let p = 0; p < perView; p++, q++) {
      const pair = syntheticPair(base, frame, maxPx, rng);
      networkInput(pair.ref, size, size, noiseSd, set.ref.subarray(q * plane, (q + 1) * plane));
      networkInput(pair.mov, size, size, noiseSd, set.mov.subarray(q * plane, (q + 1) * plane));
      set.labels[2 * q] = pair.label[0];
      set.labels[2 * q + 1] = pair.label[1];
      set.views[q] = v;
    }
  }
  return set;
}
