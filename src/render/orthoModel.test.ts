import { describe, expect, it } from 'vitest';
import { AXES, crosshairOf, crosshairOffsets, fitImage, positionAtTexel, texelAt } from './orthoModel.ts';

describe('orthoModel', () => {
  it('fits the image centred with a margin, on whole pixels', () => {
    expect(fitImage({ width: 300, height: 200 }, { width: 96, height: 48 })).toEqual({
      left: 6,
      top: 28,
      width: 288,
      height: 144,
    });
    expect(fitImage({ width: 0, height: 200 }, { width: 96, height: 48 })).toBeNull();
  });

  it('maps points to texels with row 0 at the bottom, clamped to the image', () => {
    const image = { width: 10, height: 5 };
    const rect = { left: 10, top: 20, width: 100, height: 50 };
    expect(texelAt(rect, image, 10.5, 69.5)).toEqual([0, 0]); // bottom-left corner
    expect(texelAt(rect, image, 109.5, 20.5)).toEqual([9, 4]); // top-right corner
    expect(texelAt(rect, image, -50, 500)).toEqual([0, 0]);
    expect(texelAt(rect, image, 500, -50)).toEqual([9, 4]);
  });

  it('puts the crosshair through the texel a click at its offsets picks', () => {
    const image = { width: 37, height: 23 };
    const rect = fitImage({ width: 311, height: 157 }, image)!;
    for (const [h, v] of [
      [0, 0],
      [36, 22],
      [18, 7],
    ]) {
      const [dx, dy] = crosshairOffsets(rect, image, h, v);
      expect(texelAt(rect, image, rect.left + dx + 0.5, rect.top + rect.height - dy - 0.5)).toEqual([h, v]);
    }
  });

  it('a click in a view moves the other slices and keeps its own', () => {
    const p = { x: 1, y: 2, z: 3 };
    for (const axis of AXES) {
      const [h, v] = crosshairOf(axis, p);
      expect(positionAtTexel(axis, p, h, v)).toEqual(p);
    }
    expect(positionAtTexel('xy', p, 7, 8)).toEqual({ x: 7, y: 8, z: 3 });
    expect(positionAtTexel('xz', p, 7, 8)).toEqual({ x: 7, y: 2, z: 8 });
    expect(positionAtTexel('yz', p, 7, 8)).toEqual({ x: 1, y: 8, z: 7 });
  });
});
