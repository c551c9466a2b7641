import { describe, expect, it } from 'vitest';
import { ellipsoidRayIntegral, projectEllipsoidsAnalytic, shellRayIntegral } from './analytic.ts';
import { ellipsoid, shell, sphere } from './primitives.ts';
import { rasterize } from './rasterize.ts';
import { Rng } from './random.ts';
import { shapeTest } from './evaluate.ts';
import type { Ellipsoid } from './primitives.ts';
import type { Vec3 } from './vec.ts';

/** Midpoint-rule integral of the indicator along the ray (independent of the chord formula). */
function numericRayIntegral(e: Ellipsoid, o: Vec3, d: Vec3, tMax: number, h: number): number {
  const t = shapeTest(e);
  const r = e.rotation;
  let sum = 0;
  for (let s = -tMax + h / 2; s < tMax; s += h) {
    const p = [o[0] + s * d[0] - e.center[0], o[1] + s * d[1] - e.center[1], o[2] + s * d[2] - e.center[2]];
    const lx = r[0] * p[0] + r[1] * p[1] + r[2] * p[2];
    const ly = r[3] * p[0] + r[4] * p[1] + r[5] * p[2];
    const lz = r[6] * p[0] + r[7] * p[1] + r[8] * p[2];
    if (t.inside(lx, ly, lz)) sum += h;
  }
  return sum * Math.hypot(...d) * e.density;
}

describe('ellipsoidRayIntegral', () => {
  it('matches numeric integration along random rays through a rotated ellipsoid (1e-3)', () => {
    const rng = new Rng(7);
    const e = ellipsoid([3, -2, 1], [12, 7, 4], rng.rotation(), 0.8);
    let checked = 0;
    for (let k = 0; k < 40 && checked < 12; k++) {
      const dir = rng.unitVector();
      const origin: Vec3 = [3 + rng.uniform(-6, 6), -2 + rng.uniform(-6, 6), 1 + rng.uniform(-3, 3)];
      const exact = ellipsoidRayIntegral(e, origin, dir);
      if (exact < 2) continue; // grazing rays: the numeric reference is too coarse
      const numeric = numericRayIntegral(e, origin, dir, 40, 5e-4);
      expect(Math.abs(exact - numeric) / exact).toBeLessThan(1e-3);
      checked++;
    }
    expect(checked).toBeGreaterThan(8);
  });

  it('does not depend on the direction vector length and is zero for a missing ray', () => {
    const e = ellipsoid([0, 0, 0], [5, 3, 2], [1, 0, 0, 0, 1, 0, 0, 0, 1], 1);
    expect(ellipsoidRayIntegral(e, [0, 0, 0], [0, 0, 3])).toBeCloseTo(4, 12);
    expect(ellipsoidRayIntegral(e, [0, 0, 0], [1, 0, 0])).toBeCloseTo(10, 12);
    expect(ellipsoidRayIntegral(e, [0, 3.01, 0], [1, 0, 0])).toBe(0);
  });

  it('hollow sphere = outer minus inner chord', () => {
    const s = shell([0, 0, 0], 3, 5, 2);
    expect(shellRayIntegral(s, [0, 0, 0], [0, 0, 1])).toBeCloseTo(2 * (10 - 6), 12);
    expect(shellRayIntegral(s, [4, 0, 0], [0, 0, 1])).toBeCloseTo(2 * 2 * 3, 12);
  });
});

describe('projectEllipsoidsAnalytic', () => {
  const view = { beamDir: [0, 0, 1] as Vec3, uAxis: [1, 0, 0] as Vec3, vAxis: [0, 1, 0] as Vec3 };

  it('projects a sphere to 2√(r² − d²)·density about the detector centre', () => {
    const r = 10;
    const rho = 1.5;
    const img = projectEllipsoidsAnalytic([sphere([0, 0, 0], r, rho)], view, 33, 32);
    for (const [iu, iv] of [
      [16, 16],
      [20, 12],
      [5, 18],
      [16, 6],
    ]) {
      const u = iu - 16;
      const v = iv - 15.5;
      const d2 = u * u + v * v;
      const expected = d2 < r * r ? 2 * Math.sqrt(r * r - d2) * rho : 0;
      expect(img[iu + 33 * iv]).toBeCloseTo(expected, 4);
    }
    expect(img[0]).toBe(0);
  });

  it('follows uAxis/vAxis: an off-centre sphere seen along x lands at (u, v) = (z·…, y·…)', () => {
    const s = sphere([0, 4, -6], 2, 1);
    const side = { beamDir: [1, 0, 0] as Vec3, uAxis: [0, 0, 1] as Vec3, vAxis: [0, 1, 0] as Vec3 };
    const img = projectEllipsoidsAnalytic([s], side, 31, 31);
    // u = z = −6 → iu = 9; v = y = 4 → iv = 19
    expect(img[9 + 31 * 19]).toBeCloseTo(4, 5);
    expect(img[21 + 31 * 19]).toBe(0);
  });

  it('agrees with the z-sum of the rasterised volume (same centring)', () => {
    const prims = [
      sphere([5.3, -3.2, 2], 7, 1),
      shell([-9, 6, -1], 3, 6, 0.7),
      ellipsoid([2, 8, 0], [6, 3, 2], new Rng(3).rotation(), 0.5),
    ];
    const [nx, ny, nz] = [40, 36, 24];
    const vol = rasterize(nx, ny, nz, prims, { supersample: 4 });
    const sum = new Float64Array(nx * ny);
    for (let z = 0; z < nz; z++) for (let i = 0; i < nx * ny; i++) sum[i] += vol[i + z * nx * ny];
    const img = projectEllipsoidsAnalytic(prims, view, nx, ny, { supersample: 4 });
    let num = 0;
    let den = 0;
    for (let i = 0; i < nx * ny; i++) {
      num += (sum[i] - img[i]) ** 2;
      den += img[i] ** 2;
    }
    expect(Math.sqrt(num / den)).toBeLessThan(0.03);
    const massA = img.reduce((a, b) => a + b, 0);
    const massV = sum.reduce((a, b) => a + b, 0);
    expect(Math.abs(massA - massV) / massA).toBeLessThan(0.005);
  });

  it('refuses primitives without an analytic integral', () => {
    expect(() =>
      projectEllipsoidsAnalytic(
        [
          {
            kind: 'box',
            center: [0, 0, 0],
            rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1],
            density: 1,
            halfSizePx: [1, 1, 1],
          },
        ],
        view,
        8,
        8,
      ),
    ).toThrow(/ellipsoids and shells only/);
  });
});
