import { describe, expect, it } from 'vitest';
import { ballFitsMargin, marginForTilt, tiltExtentPx, volumeTiltExtentPx } from './margin.ts';
import { Rng } from './random.ts';

describe('tilt margin', () => {
  it('tiltExtentPx is the max of |x cos θ + z sin θ| over the range (brute force)', () => {
    const rng = new Rng(2);
    for (let k = 0; k < 200; k++) {
      const [x, z, m] = [rng.uniform(-50, 50), rng.uniform(-50, 50), rng.uniform(0, 85)];
      let best = 0;
      for (let i = 0; i <= 4000; i++) {
        const t = ((-m + (2 * m * i) / 4000) * Math.PI) / 180;
        best = Math.max(best, Math.abs(x * Math.cos(t) + z * Math.sin(t)));
      }
      expect(tiltExtentPx(x, z, m)).toBeCloseTo(best, 3);
    }
  });

  it('marginForTilt leaves a pad and limits z so that the slab alone fits at the largest tilt', () => {
    const m = marginForTilt(128, 64, 60);
    expect(m.limitPx).toBe(62.5);
    expect(m.halfXPx).toBe(62.5);
    expect(m.halfZPx).toBe(30.5);
    // a blur of radius 3 spreads along x and z at once: at 60° that costs 3·√2 on the detector
    expect(marginForTilt(128, 64, 60, 128, 3).limitPx).toBeCloseTo(62.5 - 3 * Math.SQRT2, 9);
    const tall = marginForTilt(64, 256, 70);
    expect(tall.halfZPx * Math.sin((70 * Math.PI) / 180)).toBeCloseTo(tall.limitPx, 9);
  });

  it('ballFitsMargin rejects a ball near a corner that is fine at 0° but not at 60°', () => {
    const m = marginForTilt(128, 128, 60);
    expect(ballFitsMargin([50, 0, 50], 5, marginForTilt(128, 128, 0))).toBe(true);
    expect(ballFitsMargin([50, 0, 50], 5, m)).toBe(false);
    expect(ballFitsMargin([0, 0, 0], 5, m)).toBe(true);
  });

  it('volumeTiltExtentPx measures occupied voxels', () => {
    const [nx, ny, nz] = [20, 4, 10];
    const data = new Float32Array(nx * ny * nz);
    data[15 + nx * (1 + ny * 8)] = 1; // x_c = 5.5, z_c = 3.5
    const v = { nx, ny, nz, data, voxelSizeA: [1, 1, 1] as [number, number, number] };
    expect(volumeTiltExtentPx(v, 0)).toBeCloseTo(5.5, 9);
    expect(volumeTiltExtentPx(v, 60)).toBeCloseTo(Math.hypot(5.5, 3.5), 9);
  });
});

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('gives uniform values in [0, 1) and proper rotations', () => {
    const r = new Rng(1);
    const values = Array.from({ length: 20000 }, () => r.next());
    expect(values.every((v) => v >= 0)).toBe(true);
    expect(values.every((v) => v < 1)).toBe(true);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 2);
    const m = r.rotation();
    const det =
      m[0] * (m[4] * m[8] - m[5] * m[7]) -
      m[1] * (m[3] * m[8] - m[5] * m[6]) +
      m[2] * (m[3] * m[7] - m[4] * m[6]);
    expect(det).toBeCloseTo(1, 12);
    expect(m[0] ** 2 + m[1] ** 2 + m[2] ** 2).toBeCloseTo(1, 12);
  });
});
