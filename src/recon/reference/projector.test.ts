import { describe, expect, it } from 'vitest';
import { applyImportOptions, geometryFromTilts, projectPoint } from '../../core/geometry/index.ts';
import { createReferenceProjector } from './referenceProjector.ts';
import { blobVolume, viewCentroid } from './testVolumes.ts';

const dims = { nx: 40, ny: 36, nz: 24 };
const det = { nu: 40, nv: 36 };
const c: [number, number, number] = [19.5, 17.5, 11.5];

describe('reference projector', () => {
  it('conserves mass in every view while the volume stays on the detector', async () => {
    const angles = [-60, -42, -13, 0, 7, 45, 60];
    const g = geometryFromTilts(angles, {
      xTiltDeg: 2,
      axisRotationDeg: 5,
      shiftsPx: angles.map(() => [0.7, -1.3] as const),
    });
    const vol = blobVolume(dims, [
      { c: [c[0] - 4, c[1] + 3, c[2] + 2], sigmaPx: 2, amplitude: 1 },
      { c: [c[0] + 5, c[1] - 6, c[2] - 3], sigmaPx: 1.5, amplitude: 2 },
      { c: [c[0], c[1] + 0.3, c[2] + 0.4], sigmaPx: 1, amplitude: 0.5 },
    ]);
    const total = vol.reduce((s, v) => s + v, 0);
    const proj = await createReferenceProjector(g, dims, det).forward(vol);
    angles.forEach((_, k) => {
      expect(Math.abs(viewCentroid(proj, det.nu, det.nv, k).sum - total) / total).toBeLessThan(1e-3);
    });
  });

  it('handedness: at a positive tilt the +z blob moves to +x; invertAngles mirrors it', async () => {
    // three blobs, each alone, at known +x, +y and +z offsets from the centre
    const offsets: [number, number, number][] = [
      [8, 0, 0],
      [0, 8, 0],
      [0, 0, 8],
    ];
    const g = geometryFromTilts([0, 30]);
    const inverted = applyImportOptions(g, { invertAngles: true });
    const seen: number[][] = [];
    for (const [dx, dy, dz] of offsets) {
      const vol = blobVolume(dims, [{ c: [c[0] + dx, c[1] + dy, c[2] + dz], sigmaPx: 1.5, amplitude: 1 }]);
      const p = await createReferenceProjector(g, dims, det).forward(vol);
      const q = await createReferenceProjector(inverted, dims, det).forward(vol);
      const at0 = viewCentroid(p, det.nu, det.nv, 0);
      const at30 = viewCentroid(p, det.nu, det.nv, 1);
      const inv30 = viewCentroid(q, det.nu, det.nv, 1);
      expect(at0.u - c[0]).toBeCloseTo(dx, 1);
      expect(at0.v - c[1]).toBeCloseTo(dy, 1);
      seen.push([at30.u - c[0], at30.v - c[1], inv30.u - c[0]]);
    }
    const s = Math.sin(Math.PI / 6);
    const co = Math.cos(Math.PI / 6);
    // +x blob: 8 cos 30° either way; +y blob stays on the axis; +z blob: +8 sin 30° (docs/geometry.md), −4 inverted
    expect(seen[0][0]).toBeCloseTo(8 * co, 1);
    expect(seen[0][2]).toBeCloseTo(8 * co, 1);
    expect(seen[1][1]).toBeCloseTo(8, 1);
    expect(seen[2][0]).toBeCloseTo(8 * s, 1);
    expect(seen[2][2]).toBeCloseTo(-8 * s, 1);
  });

  it('.xf: a shift of dx in the .xf moves the feature by −dx in the projection', async () => {
    const xf = (dxPx: number, dyPx: number) => ({ a11: 1, a12: 0, a21: 0, a22: 1, dxPx, dyPx });
    const g = geometryFromTilts([20, 20], { xf: [xf(0, 0), xf(3.25, -2)] });
    const vol = blobVolume(dims, [{ c: [c[0] + 2, c[1] - 1, c[2] + 3], sigmaPx: 1.5, amplitude: 1 }]);
    const proj = await createReferenceProjector(g, dims, det).forward(vol);
    const a = viewCentroid(proj, det.nu, det.nv, 0);
    const b = viewCentroid(proj, det.nu, det.nv, 1);
    expect(b.u - a.u).toBeCloseTo(-3.25, 2);
    expect(b.v - a.v).toBeCloseTo(2, 2);
  });

  it('puts a blob where projectPoint says, under the full geometry', async () => {
    const g = geometryFromTilts([-38], {
      xTiltDeg: 4,
      axisRotationDeg: 12,
      xf: [{ a11: 0.98, a12: 0.05, a21: -0.04, a22: 1.02, dxPx: 1.5, dyPx: -0.5 }],
    });
    const p0: [number, number, number] = [c[0] + 3, c[1] - 2, c[2] + 4];
    const vol = blobVolume(dims, [{ c: p0, sigmaPx: 1.5, amplitude: 1 }]);
    const proj = await createReferenceProjector(g, dims, det).forward(vol);
    const got = viewCentroid(proj, det.nu, det.nv, 0);
    const [u, v] = projectPoint(g.views[0], dims, det, p0);
    expect(got.u).toBeCloseTo(u, 1);
    expect(got.v).toBeCloseTo(v, 1);
  });

  it('reports progress and ends at 1', async () => {
    const g = geometryFromTilts([0, 10]);
    const seen: number[] = [];
    await createReferenceProjector(g, dims, det).back(
      new Float32Array(det.nu * det.nv * 2),
      undefined,
      undefined,
      {
        onProgress: (f) => seen.push(f),
      },
    );
    expect(seen.at(-1)).toBe(1);
  });
});
