import { describe, expect, it } from 'vitest';
import { shapeTest } from './evaluate.ts';
import { gaussianLowpass } from './lowpass.ts';
import type { Primitive } from './primitives.ts';
import { primitiveVolumePx3, sphere } from './primitives.ts';
import { Rng } from './random.ts';
import { rasterize } from './rasterize.ts';
import { randomShape, SHAPE_KINDS } from './shapes.ts';
import type { Vec3 } from './vec.ts';

const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);

describe('rasterize', () => {
  it('a supersampled sphere holds 4/3·π·r³·density within 1%', () => {
    for (const [r, c] of [
      [6, [0.3, -0.2, 0.1]],
      [10.5, [1.7, 0.4, -2.2]],
    ] as [number, Vec3][]) {
      const vol = rasterize(40, 36, 32, [sphere(c, r, 0.7)], { supersample: 4 });
      const expected = (4 / 3) * Math.PI * r ** 3 * 0.7;
      expect(Math.abs(sum(vol) - expected) / expected).toBeLessThan(0.01);
    }
  });

  it('every shape kind keeps its exact volume (rotated, supersampled) within 2%', () => {
    const rng = new Rng(11);
    for (const kind of SHAPE_KINDS) {
      const p = randomShape(kind, rng, [0.4, -0.3, 0.2], 11, 1);
      const vol = rasterize(32, 32, 32, [p], { supersample: 5 });
      const expected = primitiveVolumePx3(p);
      expect(Math.abs(sum(vol) - expected) / expected, kind).toBeLessThan(0.02);
    }
  });

  it('point sampling (supersample 1) puts whole densities only', () => {
    const vol = rasterize(16, 16, 16, [sphere([0.25, 0, 0], 4, 2)], { supersample: 1 });
    expect(vol.every((v) => v === 0 || v === 2)).toBe(true);
    expect(sum(vol)).toBeGreaterThan(0);
  });

  it('voxel centres sit at (n−1)/2 + coordinate: a box from 0 to 2 fills x indices 8..9 of 16 (centre 7.5)', () => {
    const box: Primitive = {
      kind: 'box',
      center: [1, 0, 0],
      rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      density: 1,
      halfSizePx: [1, 0.5, 0.5],
    };
    const vol = rasterize(16, 16, 16, [box], { supersample: 4 });
    // y from −0.5 to 0.5 straddles voxels 7 and 8 half each
    expect(vol[8 + 16 * (7 + 16 * 7)]).toBeCloseTo(0.25, 6);
    expect(vol[9 + 16 * (8 + 16 * 8)]).toBeCloseTo(0.25, 6);
    expect(vol[7 + 16 * (8 + 16 * 8)]).toBe(0);
    expect(vol[10 + 16 * (8 + 16 * 8)]).toBe(0);
  });

  it('the tight hit loops and bounds agree with the point test for every kind', () => {
    const rng = new Rng(5);
    const shapes: Primitive[] = SHAPE_KINDS.map((k) => randomShape(k, rng, [0, 0, 0], 6, 1));
    shapes.push({
      kind: 'shell',
      center: [0, 0, 0],
      rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      density: 1,
      innerRadiusPx: 3,
      outerRadiusPx: 5,
    });
    for (const p of shapes) {
      const t = shapeTest(p);
      const offs = new Float64Array(3);
      let mismatches = 0;
      for (let i = 0; i < 3000; i++) {
        const [x, y, z] = [rng.uniform(-7, 7), rng.uniform(-7, 7), rng.uniform(-7, 7)];
        const inside = t.inside(x, y, z);
        if (t.hits(x, y, z, offs, 1) !== (inside ? 1 : 0)) mismatches++;
        const b = t.bound(x, y, z);
        // conservative: a point a bound's distance away along any direction stays on the same side
        const dir = rng.unitVector();
        const step = Math.abs(b) * 0.999;
        if (t.inside(x + dir[0] * step, y + dir[1] * step, z + dir[2] * step) !== inside) mismatches++;
        if ((b < 0 && !inside) || (b > 0 && inside)) mismatches++;
      }
      expect(mismatches, p.kind).toBe(0);
    }
  });
});

describe('gaussianLowpass', () => {
  it('preserves mass and lowers the peak', () => {
    const [nx, ny, nz] = [40, 32, 28];
    const vol = rasterize(nx, ny, nz, [sphere([1, -2, 0.5], 6, 1)]);
    const blurred = gaussianLowpass(vol, nx, ny, nz, 1.5);
    expect(Math.abs(sum(blurred) - sum(vol)) / sum(vol)).toBeLessThan(1e-5);
    expect(Math.max(...blurred)).toBeLessThan(Math.max(...vol));
    // the edge of the sphere got softer: a voxel just outside now holds mass
    const outside = 29 + nx * (14 + ny * 14); // (9.5, −1.5, 0.5): 2.5 px beyond the surface
    expect(vol[outside]).toBe(0);
    expect(blurred[outside]).toBeGreaterThan(0);
  });

  it('blurs a point into a separable Gaussian of the right width', () => {
    const n = 21;
    const vol = new Float32Array(n * n * n);
    vol[10 + n * (10 + n * 10)] = 1;
    const b = gaussianLowpass(vol, n, n, n, 2);
    let m2 = 0;
    for (let x = 0; x < n; x++) m2 += (x - 10) ** 2 * b[x + n * (10 + n * 10)];
    const line = Array.from({ length: n }, (_, x) => b[x + n * (10 + n * 10)]).reduce((a, c) => a + c, 0);
    expect(Math.sqrt(m2 / line)).toBeCloseTo(2, 1);
  });
});
