import { describe, expect, it } from 'vitest';
import { rotationInPlane } from '../core/geometry/index.ts';
import { alignedView, movieBin } from './alignedView.ts';

/** a ramp that is unique per pixel: value = x + 100·y */
function ramp(nx: number, ny: number, bin = 1) {
  const data = new Float32Array(nx * ny);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) data[y * nx + x] = x + 100 * y;
  return { k: 0, nx, ny, bin, data };
}

describe('alignedView', () => {
  it('shifts the view by the .xf dx, dy (raw → aligned)', () => {
    const s = ramp(16, 12);
    const out = alignedView(s, rotationInPlane(0, 2, 1), { nx: 16, ny: 12 });
    // aligned (x, y) shows raw (x − 2, y − 1)
    expect(out.data[5 * 16 + 7]).toBeCloseTo(5 + 100 * 4, 4);
    expect(out.data[0]).toBeCloseTo(s.data.reduce((p, v) => p + v, 0) / s.data.length, 3);
  });

  it('takes a half-pixel shift bilinearly, and the shift in binned pixels', () => {
    const half = alignedView(ramp(16, 12), rotationInPlane(0, 0.5, 0), { nx: 16, ny: 12 });
    expect(half.data[3 * 16 + 6]).toBeCloseTo(5.5 + 300, 4);
    // read at bin 2 from a 32 × 24 stack: a 4 px shift moves the binned image by 2
    const binned = alignedView(ramp(16, 12, 2), rotationInPlane(0, 4, 0), { nx: 32, ny: 24 });
    expect(binned.data[3 * 16 + 6]).toBeCloseTo(4 + 300, 4);
  });

  it('rotates about the centre (nx/2, ny/2)', () => {
    // 90° CCW about (8, 8) on 16 × 16: aligned (8 + a, 8 + b) = raw rotated, so raw (8 + b, 8 − a)
    const out = alignedView(ramp(16, 16), rotationInPlane(90), { nx: 16, ny: 16 });
    expect(out.data[(8 + 0) * 16 + (8 + 3)]).toBeCloseTo(8 + 100 * (8 - 3), 3);
  });

  it('bins big stacks to at most 256 px a side', () => {
    expect(movieBin(96, 96)).toBe(1);
    expect(movieBin(4096, 4096)).toBe(16);
    expect(movieBin(1000, 300)).toBe(4);
  });
});
