/**
 * Seeded Poisson sampling. Small means use Knuth's product of uniforms; means ≥ 10 use Hörmann's PTRS
 * (transformed rejection with squeeze, 1993), exact and O(1) per sample, as numpy does. The uniform source
 * is the phantoms' xoshiro128** Rng, so a seed gives the same counts in Node, browsers and workers.
 */
import { Rng } from '../../core/phantoms/index.ts';

const LOG_FACTORIAL_SMALL: number[] = (() => {
  const t = [0];
  for (let k = 1; k < 16; k++) t.push(t[k - 1] + Math.log(k));
  return t;
})();

/** ln(k!) for integer k ≥ 0 (table below 16, Stirling series above: error < 1e-12). */
export function logFactorial(k: number): number {
  if (k < 16) return LOG_FACTORIAL_SMALL[k];
  const x = k + 1;
  const x2 = x * x;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    0.9189385332046728 +
    (1 / x) * (1 / 12 - (1 / x2) * (1 / 360 - 1 / (1260 * x2)))
  );
}

/** One Poisson(mean) draw; mean ≤ 0 gives 0. */
export function samplePoisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const loglam = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.next() - 0.5;
    const v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
    if (lhs <= -mean + k * loglam - logFactorial(k)) return k;
  }
}

/** A per-stream generator: the same (seed, stream) always gives the same sequence, whatever runs first. */
export function streamRng(seed: number, stream: number): Rng {
  // mix the two integers so neighbouring streams are unrelated (splitmix-style finaliser)
  let h = (Math.trunc(seed) ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return new Rng((h ^ (h >>> 16)) >>> 0);
}
