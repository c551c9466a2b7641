import { describe, expect, it } from 'vitest';
import { logFactorial, samplePoisson, streamRng } from './poisson.ts';

function moments(mean: number, n: number): [number, number] {
  const rng = streamRng(7, Math.round(mean * 100));
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const k = samplePoisson(rng, mean);
    s += k;
    s2 += k * k;
  }
  const m = s / n;
  return [m, s2 / n - m * m];
}

describe('samplePoisson', () => {
  it('has mean = variance = λ for small and large means (both algorithms)', () => {
    for (const lam of [0.5, 3, 9.9, 10, 37, 400, 1e5]) {
      const n = 100_000;
      const [m, v] = moments(lam, n);
      // standard error of the mean is sqrt(λ/n); of the variance about λ·sqrt(2/n)
      expect(Math.abs(m - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
      expect(Math.abs(v - lam) / lam).toBeLessThan(5 * Math.sqrt(2 / n) + 5 / (lam * n) + 0.001);
    }
  });

  it('is deterministic per stream, different across streams', () => {
    const a = streamRng(3, 1);
    const b = streamRng(3, 1);
    const c = streamRng(3, 2);
    const da = Array.from({ length: 20 }, () => samplePoisson(a, 50));
    expect(Array.from({ length: 20 }, () => samplePoisson(b, 50))).toEqual(da);
    expect(Array.from({ length: 20 }, () => samplePoisson(c, 50))).not.toEqual(da);
  });

  it('logFactorial matches the direct sum across the table/Stirling boundary', () => {
    let s = 0;
    for (let k = 1; k <= 40; k++) {
      s += Math.log(k);
      expect(logFactorial(k)).toBeCloseTo(s, 10);
    }
  });
});
