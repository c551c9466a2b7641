// Handedness end to end: a chiral phantom (three blobs of different sizes at +x, +y, +z of the centre)
// simulated at ±60° (Joseph, as `simulate`), reconstructed with WBP through the product's entry point. The
// reconstruction must not be mirrored (the +z blob comes back at +z), and `invertAngles` on import must give
// the z-mirror image, which is what a tilt list of the wrong sign does to real data (docs/geometry.md).
import { describe, expect, it } from 'vitest';
import { geometryFromTilts, type GeometryImportOptions } from '../../core/geometry/index.ts';
import type { Volume } from '../../core/types.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { blobVolume } from '../reference/testVolumes.ts';
import { simulateTiltSeries } from '../simulate/index.ts';
import { reconstruct } from './reconstruct.ts';
import { correlation } from './testUtils.ts';

const N = 48;
const C = (N - 1) / 2;
const D = 11;
type P3 = [number, number, number];
/** the three arms of a right-handed triad, told apart by size: a mirror image cannot be turned into it */
const ARMS: Record<'x' | 'y' | 'z', { c: P3; sigmaPx: number }> = {
  x: { c: [C + D, C, C], sigmaPx: 3 },
  y: { c: [C, C + D, C], sigmaPx: 2.2 },
  z: { c: [C, C, C + D], sigmaPx: 1.6 },
};

/** Centroid of the positive values within r px of p, and their sum. */
function blobNear(v: Volume, p: P3, r = 5): { c: P3; mass: number } {
  let s = 0;
  const m: P3 = [0, 0, 0];
  for (let z = Math.ceil(p[2] - r); z <= Math.floor(p[2] + r); z++)
    for (let y = Math.ceil(p[1] - r); y <= Math.floor(p[1] + r); y++)
      for (let x = Math.ceil(p[0] - r); x <= Math.floor(p[0] + r); x++) {
        if ((x - p[0]) ** 2 + (y - p[1]) ** 2 + (z - p[2]) ** 2 > r * r) continue;
        const w = Math.max(0, v.data[x + v.nx * (y + v.ny * z)]);
        s += w;
        m[0] += w * x;
        m[1] += w * y;
        m[2] += w * z;
      }
  return { c: [m[0] / s, m[1] / s, m[2] / s], mass: s };
}

const mirrorZ = (p: P3): P3 => [p[0], p[1], 2 * C - p[2]];

async function simulateAndReconstruct(importOpts: GeometryImportOptions): Promise<Volume> {
  const dims = { nx: N, ny: N, nz: N };
  const data = blobVolume(
    dims,
    Object.values(ARMS).map((a) => ({ c: a.c, sigmaPx: a.sigmaPx, amplitude: 1 })),
  );
  const sim = await simulateTiltSeries({
    volume: { ...dims, data, voxelSizeA: [1, 1, 1] },
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 3,
  });
  const { nx, ny, nviews } = sim.tiltSeries;
  const r = await reconstruct({
    data: sim.tiltSeries.data,
    nu: nx,
    nv: ny,
    nviews,
    // the nominal .tlt, read with the import options a user would pick
    geometry: geometryFromTilts(sim.anglesDeg, importOpts),
    method: 'wbp',
    createProjector: createReferenceProjector,
    thickness: N,
  });
  return r.volume;
}

describe('handedness end to end (simulate ±60° → WBP)', () => {
  it('the chiral phantom comes back unmirrored; invertAngles gives its z-mirror image', async () => {
    const rec = await simulateAndReconstruct({});
    const inv = await simulateAndReconstruct({ invertAngles: true });
    const fmt = (p: P3) => p.map((x) => (x - C).toFixed(2)).join(', ');
    for (const [name, arm] of Object.entries(ARMS)) {
      const got = blobNear(rec, arm.c);
      console.info(`[handedness] +${name} blob found at (${fmt(got.c)}) from the centre`);
      got.c.forEach((x, i) => expect(Math.abs(x - arm.c[i])).toBeLessThan(0.75));
    }
    // the +z blob is at +z, only wedge streaks at −z; inverted angles swap the two (mass within 3 px ≈ 2σ
    // of the blob: wider balls collect the ±60° streaks of the +x blob)
    const up = blobNear(rec, ARMS.z.c, 3).mass;
    const down = blobNear(rec, mirrorZ(ARMS.z.c), 3).mass;
    const invUp = blobNear(inv, ARMS.z.c, 3).mass;
    const invDown = blobNear(inv, mirrorZ(ARMS.z.c), 3);
    console.info(
      `[handedness] +z/−z mass: as given ${up.toFixed(1)}/${down.toFixed(1)}, inverted ${invUp.toFixed(1)}/${invDown.mass.toFixed(1)}`,
    );
    expect(up).toBeGreaterThan(4 * down);
    expect(invDown.mass).toBeGreaterThan(4 * invUp);
    mirrorZ(ARMS.z.c).forEach((x, i) => expect(Math.abs(invDown.c[i] - x)).toBeLessThan(0.75));
    // and the whole inverted volume is the z-mirror of the right one (x and y arms stay put)
    const mirrored = new Float32Array(rec.data.length);
    for (let z = 0; z < N; z++)
      mirrored.set(rec.data.subarray(N * N * (N - 1 - z), N * N * (N - z)), N * N * z);
    const r = correlation(inv.data, mirrored);
    console.info(`[handedness] corr(inverted, z-mirror of the right one) = ${r.toFixed(6)}`);
    expect(r).toBeGreaterThan(0.999);
  });
});
