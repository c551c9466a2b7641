// The projector against src/core/phantoms' analytic projections (a rotated ellipsoid and a hollow sphere).
import { describe, expect, it } from 'vitest';
import { geometryFromTilts, viewVectors } from '../../core/geometry/index.ts';
import {
  projectEllipsoidsAnalytic,
  rasterize,
  type Mat3,
  type Primitive,
} from '../../core/phantoms/index.ts';
import { createReferenceProjector } from './referenceProjector.ts';
import { correlation } from './testVolumes.ts';

function rotationZY(aZ: number, aY: number): Mat3 {
  const cz = Math.cos(aZ);
  const sz = Math.sin(aZ);
  const cy = Math.cos(aY);
  const sy = Math.sin(aY);
  // rows of Ry(aY)·Rz(aZ)
  return [cy * cz, -cy * sz, sy, sz, cz, 0, -sy * cz, sy * sz, cy];
}

describe('agreement with core/phantoms analytic projections', () => {
  it('matches projectEllipsoidsAnalytic for a rotated ellipsoid and a shell (r ≥ 0.99)', async () => {
    const dims = { nx: 64, ny: 48, nz: 40 };
    const prims: Primitive[] = [
      {
        kind: 'ellipsoid',
        center: [6, -3, 2],
        rotation: rotationZY(0.5, 0.3),
        density: 1,
        semiAxesPx: [14, 8, 6],
      },
      {
        kind: 'shell',
        center: [-14, 8, -4],
        rotation: rotationZY(0, 0),
        density: 0.8,
        innerRadiusPx: 5,
        outerRadiusPx: 8,
      },
    ];
    const vol = rasterize(dims.nx, dims.ny, dims.nz, prims, { supersample: 4 });
    const angles = [-60, -20, 0, 35, 60];
    const g = geometryFromTilts(angles, { xTiltDeg: -3 });
    const proj = await createReferenceProjector(g, dims).forward(vol);
    g.views.forEach((view, k) => {
      const analytic = projectEllipsoidsAnalytic(prims, viewVectors(view, dims), dims.nx, dims.ny, {
        supersample: 4,
      });
      const ours = proj.subarray(k * dims.nx * dims.ny, (k + 1) * dims.nx * dims.ny);
      let err = 0;
      let ref = 0;
      for (let i = 0; i < ours.length; i++) {
        err += (ours[i] - analytic[i]) ** 2;
        ref += analytic[i] ** 2;
      }
      expect(correlation(ours, analytic)).toBeGreaterThanOrEqual(0.99);
      expect(Math.sqrt(err / ref)).toBeLessThan(0.05);
    });
  });
});
