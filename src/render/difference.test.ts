import { describe, expect, it } from 'vitest';
import { fittedDifference } from './difference.ts';

describe('fittedDifference', () => {
  it('a scaled and shifted copy differs by nothing: the fit takes the gain and offset out', () => {
    const a = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i / 7) + (i % 13) / 13);
    const b = a.map((v) => (v - 0.3) / 2.5);
    const d = fittedDifference(a, b);
    expect(d.gain).toBeCloseTo(2.5, 4);
    expect(d.offset).toBeCloseTo(0.3, 4);
    expect(d.relativeRms).toBeLessThan(1e-5);
  });

  it('what B lacks shows in the difference, at its place, with a window symmetric about 0', () => {
    const a = Float32Array.from({ length: 400 }, (_, i) => Math.cos(i / 5));
    const b = a.slice();
    a[123] += 4; // a feature only A has
    const d = fittedDifference(a, b);
    let argmax = 0;
    for (let i = 0; i < d.data.length; i++) if (Math.abs(d.data[i]) > Math.abs(d.data[argmax])) argmax = i;
    expect(argmax).toBe(123);
    expect(d.window.lo).toBe(-d.window.hi);
    expect(d.relativeRms).toBeGreaterThan(0.1);
  });

  it('slices of different sizes are refused in one line', () => {
    expect(() => fittedDifference(new Float32Array(4), new Float32Array(5))).toThrow(/cannot be differenced/);
  });
});
