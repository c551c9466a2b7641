import { describe, expect, it } from 'vitest';
import { rowAngleDeg, SINOGRAM_ROWS, sinogramRgba } from './sinogramImage.ts';

describe('the teaching sinogram image', () => {
  it('puts +90° on top, fills the measured band from the nearest view and hatches the rest', () => {
    const nu = 4;
    const angles = [-30, 0, 30];
    const rows = new Float32Array([0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1]);
    const img = sinogramRgba(angles, rows, nu, { lo: 0, hi: 1 });
    expect(img.length).toBe(4 * nu * SINOGRAM_ROWS);
    const grey = (deg: number) => img[4 * nu * (90 - deg)];
    expect(rowAngleDeg(0)).toBe(90);
    expect(grey(30)).toBe(255);
    expect(grey(20)).toBe(255); // nearest view: +30°
    expect(grey(10)).toBe(128); // nearest: 0°
    expect(grey(-30)).toBe(0);
    // beyond ±30°: the hatch (magenta-ish, not grey)
    const at = 4 * nu * (90 - 60);
    const hatch = [0, 1, 2, 3].map((x) => [img[at + 4 * x], img[at + 4 * x + 2]]);
    expect(hatch.some(([r, b]) => r !== b)).toBe(true);
  });
});
