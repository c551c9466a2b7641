import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../errors.ts';
import {
  applyRowFilter,
  discreteRamp,
  filterSpectrum,
  parseFilterSpec,
  radialResponse,
  seedViewWeight,
  sirtLikeAlpha,
  sirtLikeResponse,
} from './index.ts';

describe('discrete ramp', () => {
  it('matches |f| away from DC and keeps a small positive DC term', () => {
    const L = 256;
    const r = discreteRamp(L);
    for (let k = 1; k <= L / 2; k++) {
      const f = k / L;
      if (f >= 0.02) expect(Math.abs(r[k] - f) / f).toBeLessThan(0.01);
      expect(r[L - k]).toBeCloseTo(r[k], 12);
    }
    expect(r[0]).toBeGreaterThan(0);
    expect(r[0]).toBeLessThan(2 / L);
  });

  it('filtering a delta row gives the spatial Ram-Lak kernel (Kak & Slaney)', () => {
    const nu = 32;
    const row = new Float32Array(nu);
    row[10] = 1;
    const out = applyRowFilter(row, nu, 1, 1, { name: 'ramp' });
    expect(out[10]).toBeCloseTo(0.25, 5);
    expect(out[11]).toBeCloseTo(-1 / Math.PI ** 2, 5);
    expect(out[13]).toBeCloseTo(-1 / (9 * Math.PI ** 2), 5);
    expect(out[12]).toBeCloseTo(0, 5);
  });

  it('applies view weights, and edge padding removes the step at the row ends', () => {
    const nu = 16;
    const data = new Float32Array(nu * 2 * 2).fill(1);
    const zero = applyRowFilter(data, nu, 2, 2, { name: 'ramp' }, { viewWeights: [1, 2] });
    const edge = applyRowFilter(data, nu, 2, 2, { name: 'ramp' }, { padding: 'edge' });
    expect(zero[nu * 2 + 3]).toBeCloseTo(2 * zero[3], 5);
    // a constant row padded with its own edge is a constant: only the DC gain remains
    const dc = discreteRamp(32)[0];
    for (let u = 0; u < nu; u++) expect(edge[u]).toBeCloseTo(dc, 4);
    expect(Math.abs(zero[0] - zero[8])).toBeGreaterThan(0.05);
  });
});

describe('filter responses', () => {
  it('radial: ramp to the cutoff, then a Gaussian of sigma falloff', () => {
    expect(radialResponse(0.2, 0.35, 0.035)).toBeCloseTo(0.2, 12);
    expect(radialResponse(0.35, 0.35, 0.035)).toBeCloseTo(0.35, 12);
    expect(radialResponse(0.385, 0.35, 0.035)).toBeCloseTo(0.35 * Math.exp(-0.5), 9);
    expect(radialResponse(0.49, 0.35, 0.035)).toBeLessThan(0.35 * 0.001);
  });

  it('radial values > 1 are Fourier pixels of the unpadded row (IMOD)', () => {
    const nu = 100;
    const L = 256;
    const px = filterSpectrum(parseFilterSpec('radial:35,3.5'), L, { nu });
    const cyc = filterSpectrum(parseFilterSpec('radial:0.35,0.035'), L, { nu });
    for (let k = 0; k < L; k++) expect(px[k]).toBeCloseTo(cyc[k], 9);
  });

  it('windows multiply the discrete ramp; hamming keeps 0.1 of it at Nyquist, hann and cosine none', () => {
    const L = 128;
    const ramp = discreteRamp(L);
    const h = filterSpectrum({ name: 'hamming' }, L, { nu: 64 });
    expect(h[L / 2] / ramp[L / 2]).toBeCloseTo(0.1, 9);
    expect(h[0]).toBeCloseTo(ramp[0], 12);
    expect(filterSpectrum({ name: 'hann' }, L, { nu: 64 })[L / 2]).toBeCloseTo(0, 9);
    expect(filterSpectrum({ name: 'cosine' }, L, { nu: 64 })[L / 2]).toBeCloseTo(0, 9);
    const s = filterSpectrum({ name: 'shepp' }, L, { nu: 64 });
    expect(s[L / 2] / ramp[L / 2]).toBeCloseTo(2 / Math.PI, 9);
    expect(filterSpectrum({ name: 'none' }, L, { nu: 64 }).every((v) => v === 1)).toBe(true);
  });

  it('sirtlike:N approaches the ramp as N grows', () => {
    const alpha = sirtLikeAlpha(64);
    const maxDev = (n: number) => {
      let m = 0;
      for (let f = 0.005; f <= 0.5; f += 0.005)
        m = Math.max(m, Math.abs(sirtLikeResponse(f, n, alpha) - f) / f);
      return m;
    };
    const devs = [1, 10, 100, 1000, 10000].map(maxDev);
    for (let i = 1; i < devs.length; i++) expect(devs[i]).toBeLessThan(devs[i - 1]);
    expect(devs[4]).toBeLessThan(1e-3);
    expect(sirtLikeResponse(0.4, 10, alpha)).toBeLessThan(0.4);
  });

  it('seed weight is cos α / (1 + λ sin² α)', () => {
    expect(seedViewWeight(0, 3)).toBe(1);
    expect(seedViewWeight(60, 2)).toBeCloseTo(0.5 / (1 + 2 * 0.75), 12);
  });
});

describe('parseFilterSpec', () => {
  it('parses every name', () => {
    expect(parseFilterSpec('radial:0.35,0.035')).toEqual({ name: 'radial', cutoff: 0.35, falloff: 0.035 });
    expect(parseFilterSpec(' RAMP ')).toEqual({ name: 'ramp' });
    expect(parseFilterSpec('sirtlike:10')).toEqual({ name: 'sirtlike', iterations: 10 });
    expect(parseFilterSpec('sirtlike:10,300')).toEqual({
      name: 'sirtlike',
      iterations: 10,
      thicknessPx: 300,
    });
    expect(parseFilterSpec('seed:0.5')).toEqual({ name: 'seed', lambda: 0.5 });
    for (const n of ['hamming', 'shepp', 'cosine', 'hann', 'none'])
      expect(parseFilterSpec(n)).toEqual({ name: n });
  });

  it('rejects bad specs with one line listing the valid names', () => {
    for (const bad of [
      'parzen',
      'radial',
      'radial:0.3',
      'radial:a,b',
      'sirtlike:0',
      'sirtlike:2.5',
      'ramp:3',
      'seed:-1',
    ]) {
      let err: unknown;
      try {
        parseFilterSpec(bad);
      } catch (e) {
        err = e;
      }
      expect(isWedgeLabError(err) && err.code === 'bad-argument').toBe(true);
      expect((err as Error).message).toContain('valid filters: ramp, radial');
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
