import { describe, expect, it } from 'vitest';
import { acquisitionIndices, tiltRange } from './tiltScheme.ts';
import { criticalExposureEA2, exposureAttenuation, priorDoseEA2 } from './dose.ts';
import { ctfValue, electronWavelengthA } from './ctf.ts';

const orderOf = (angles: number[], idx: number[]) =>
  [...idx.keys()].sort((a, b) => idx[a] - idx[b]).map((v) => angles[v]);

describe('tilt schemes', () => {
  it('tiltRange hits both ends exactly and parses negative ranges', () => {
    const a = tiltRange(-60, 60, 2);
    expect(a.length).toBe(61);
    expect(a[0]).toBe(-60);
    expect(a[60]).toBe(60);
    expect(a[30]).toBe(0);
    expect(() => tiltRange(60, -60, 2)).toThrow(/must not exceed/);
    expect(() => tiltRange(-60, 60, 0)).toThrow(/step/);
  });

  it('dose-symmetric follows Hagen: 0, +3, −3, −6, +6, +9, −9, …', () => {
    const a = tiltRange(-12, 12, 3);
    expect(orderOf(a, acquisitionIndices(a, 'dose-symmetric'))).toEqual([0, 3, -3, -6, 6, 9, -9, -12, 12]);
  });

  it('bidirectional goes up from 0 then down; unidirectional goes low to high', () => {
    const a = tiltRange(-6, 6, 3);
    expect(orderOf(a, acquisitionIndices(a, 'bidirectional'))).toEqual([0, 3, 6, -3, -6]);
    expect(orderOf(a, acquisitionIndices(a, 'unidirectional'))).toEqual([-6, -3, 0, 3, 6]);
  });

  it('every scheme is a permutation', () => {
    const a = tiltRange(-60, 60, 2);
    for (const o of ['dose-symmetric', 'bidirectional', 'unidirectional'] as const) {
      const idx = acquisitionIndices(a, o);
      expect([...idx].sort((x, y) => x - y)).toEqual([...a.keys()]);
    }
  });
});

describe('dose', () => {
  it('prior dose accumulates in acquisition order', () => {
    const a = [-3, 0, 3];
    const idx = acquisitionIndices(a, 'dose-symmetric'); // 0, +3, −3
    expect(priorDoseEA2(idx, 2)).toEqual([4, 0, 2]);
  });

  it('critical exposure matches Grant & Grigorieff at 1/4 Å and 1/10 Å', () => {
    expect(criticalExposureEA2(0.25)).toBeCloseTo(0.245 * 0.25 ** -1.665 + 2.81, 10);
    expect(criticalExposureEA2(0.1)).toBeGreaterThan(criticalExposureEA2(0.25));
    // high frequencies fade faster
    expect(exposureAttenuation(0.3, 40)).toBeLessThan(exposureAttenuation(0.05, 40));
    expect(exposureAttenuation(0.3, 0)).toBe(1);
  });
});

describe('ctf', () => {
  it('electron wavelength at 300 kV is 0.01969 Å', () => {
    expect(electronWavelengthA(300)).toBeCloseTo(0.019687, 5);
    expect(electronWavelengthA(200)).toBeCloseTo(0.025079, 5);
  });

  it('first zero of the CTF sits where χ = π minus the amplitude-contrast phase', () => {
    const p = { defocusUm: 3, voltageKv: 300, csMm: 0, amplitudeContrast: 0 };
    const lambda = electronWavelengthA(300);
    const k0 = Math.sqrt(1 / (lambda * 3e4)); // χ = π at k0 when Cs = 0
    expect(Math.abs(ctfValue(k0, p))).toBeLessThan(1e-9);
    expect(ctfValue(k0 / 2, p)).toBeLessThan(0);
    expect(ctfValue(0, { ...p, amplitudeContrast: 0.07 })).toBeCloseTo(-0.07, 10);
  });
});
