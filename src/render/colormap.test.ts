import { describe, expect, it } from 'vitest';
import { colormapLut } from './colormap.ts';
import { contrastStats } from './contrastStats.ts';
import { toGrayRgba, toRgba } from './section.ts';

const rgb = (lut: Uint8Array, i: number) => Array.from(lut.subarray(4 * i, 4 * i + 3));

describe('colormaps', () => {
  it('grey is the identity and inverted is 255 − grey', () => {
    const grey = colormapLut('grey');
    const inv = colormapLut('inverted');
    for (let i = 0; i < 256; i++) {
      expect(rgb(grey, i)).toEqual([i, i, i]);
      expect(rgb(inv, i)).toEqual([255 - i, 255 - i, 255 - i]);
      expect(grey[4 * i + 3]).toBe(255);
    }
  });

  it("viridis runs from matplotlib's dark purple to its yellow, brighter at every step", () => {
    const v = colormapLut('viridis');
    expect(rgb(v, 0)).toEqual([0x44, 0x01, 0x54]);
    expect(rgb(v, 255)).toEqual([0xfd, 0xe7, 0x25]);
    // matplotlib's viridis at 0.5 is #21918c; the 11-stop interpolation lands on it
    const mid = rgb(v, 128);
    [0x21, 0x91, 0x8c].forEach((c, k) => expect(Math.abs(mid[k] - c)).toBeLessThanOrEqual(3));
    // perceptually ordered: relative luminance never falls
    const lum = (i: number) => {
      const [r, g, b] = rgb(v, i);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let i = 1; i < 256; i++) expect(lum(i)).toBeGreaterThanOrEqual(lum(i - 1) - 0.5);
  });

  it('toRgba draws each level through the table; grey matches toGrayRgba', () => {
    const section = { nx: 4, ny: 1, data: Float32Array.from([0, 5, 10, NaN]) };
    const w = { lo: 0, hi: 10 };
    expect(Array.from(toGrayRgba(section, w))).toEqual([
      0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 0, 0, 0, 255,
    ]);
    const inv = toRgba(section, w, colormapLut('inverted'));
    expect(Array.from(inv.subarray(0, 12))).toEqual([255, 255, 255, 255, 127, 127, 127, 255, 0, 0, 0, 255]);
  });
});

describe('contrast statistics', () => {
  it('give the percentile windows, the exact range and a histogram over 0.1–99.9 %', () => {
    const values = Float32Array.from({ length: 10_001 }, (_, i) => i);
    values[5] = 1e9; // one hot pixel
    const s = contrastStats(values);
    expect(s.min).toBe(0);
    expect(s.max).toBe(1e9);
    expect(s.quantiles[1]).toBeCloseTo(100, -1);
    expect(s.quantiles[99]).toBeCloseTo(9900, -1);
    expect(s.histogram.hi).toBeLessThan(1e4 + 1);
    expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(9_900);
  });
});
