import { describe, expect, it } from 'vitest';
import { autoContrast, histogram, percentile } from './contrast.ts';
import { toGrayRgba } from './section.ts';

describe('auto-contrast', () => {
  it('clips the tails by percentile', () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => i);
    values[0] = -1e6;
    values[999] = 1e6;
    const w = autoContrast(values, 0.5, 99.5);
    expect(w.lo).toBeGreaterThan(-1e6);
    expect(w.hi).toBeLessThan(1e6);
    const h = histogram(Float32Array.from({ length: 101 }, (_, i) => i));
    expect(percentile(h, 50)).toBeCloseTo(50, 0);
  });

  it('gives a usable window for a flat image and ignores NaN', () => {
    expect(autoContrast(new Float32Array(16).fill(3))).toEqual({ lo: 3, hi: 4 });
    const w = autoContrast(Float32Array.from([0, NaN, 1, 2, 3]), 0, 100);
    expect(w.lo).toBeLessThan(w.hi);
  });
});

describe('toGrayRgba', () => {
  it('maps the window to 0..255 and draws row 0 at the bottom', () => {
    const rgba = toGrayRgba({ nx: 1, ny: 2, data: Float32Array.from([0, 10]) }, { lo: 0, hi: 10 });
    expect(Array.from(rgba)).toEqual([255, 255, 255, 255, 0, 0, 0, 255]);
  });
});
