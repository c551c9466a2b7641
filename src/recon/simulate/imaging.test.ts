import { describe, expect, it } from 'vitest';
import { ctfValue, DEFAULT_CTF, exposureAttenuation } from '../../core/acquisition/index.ts';
import { Rng } from '../../core/phantoms/index.ts';
import { SpectralFilter } from './imaging.ts';

describe('SpectralFilter', () => {
  it('filtering two views in one complex FFT equals filtering each alone (odd and even sizes)', () => {
    for (const [nx, ny] of [
      [32, 24],
      [21, 18],
    ]) {
      const rng = new Rng(nx);
      const two = Float32Array.from({ length: 2 * nx * ny }, () => rng.next());
      const f = new SpectralFilter(nx, ny, 4, DEFAULT_CTF);
      const single = two.slice();
      f.apply(single, 0, 10);
      f.apply(single, nx * ny, 60);
      const paired = two.slice();
      f.applyPair(paired, 0, 10, nx * ny, 60);
      for (let i = 0; i < two.length; i++) expect(paired[i]).toBeCloseTo(single[i], 5);
    }
  });

  it('gain is the exposure attenuation times −CTF at |q|', () => {
    const f = new SpectralFilter(64, 64, 2, DEFAULT_CTF);
    const q = f.freqPerA(5, 12);
    expect(q).toBeCloseTo(13 / 64 / 2, 12);
    const g = f.gain(5, 12, 30);
    expect(g / exposureAttenuation(q, 30)).toBeCloseTo(-ctfValue(q, DEFAULT_CTF), 10);
    expect(new SpectralFilter(64, 64, 2).gain(0, 0, 100)).toBe(1);
  });
});
