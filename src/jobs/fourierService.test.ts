import { describe, expect, it } from 'vitest';
import { createFourierService } from './fourierService.ts';

describe('the Fourier service', () => {
  it('returns the log power, centred: a cosine along x peaks at ±its frequency on the middle row', async () => {
    const [w, h] = [32, 16];
    const data = Float64Array.from({ length: w * h }, (_, k) => Math.cos((2 * Math.PI * 4 * (k % w)) / w));
    const s = await createFourierService().logPowerSpectrum(data, w, h);
    expect([s.width, s.height, s.data.length]).toEqual([w, h, w * h]);
    let best = 0;
    for (let k = 1; k < s.data.length; k++) if (s.data[k] > s.data[best]) best = k;
    expect(Math.floor(best / w)).toBe(h / 2);
    expect(Math.abs((best % w) - w / 2)).toBe(4);
    // the mean is removed first: the origin holds only the taper's leakage, a decade below the peak
    expect(s.data[w / 2 + w * (h / 2)]).toBeLessThan(s.data[best] - 1);
  });
});
