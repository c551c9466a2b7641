import { describe, expect, it } from 'vitest';
import { bandMean } from './bandMean.ts';

describe('bandMean', () => {
  const freq = [0, 0.05, 0.1, 0.125, 0.2, 0.5];
  it('averages the shells above DC up to ¼ Nyquist, none beyond', () => {
    expect(bandMean(freq, [9, 1, 0.8, 0.6, -5, -5])).toBeCloseTo(0.8, 12);
  });
  it('another cutoff, non-finite shells skipped, and null without a curve or a shell', () => {
    expect(bandMean(freq, [9, 1, NaN, 0.6, 0.2, 0], 0.2)).toBeCloseTo(0.6, 12);
    expect(bandMean(freq, undefined)).toBeNull();
    expect(bandMean([0, 0.3], [1, 1])).toBeNull();
  });
});
