// The GPU kernels against the exact CPU reference projector (src/recon/reference), the project's oracle:
// same geometry (tilt, x-axis tilt, axis rotation, shifts, a magnifying .xf), relative error < 1e-4.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryFromTilts, rotationInPlane } from '../core/geometry/index.ts';
import type { Projector } from '../recon/projector.ts';
import { ReferenceProjector } from '../recon/reference/index.ts';
import type { GpuContext } from './device.ts';
import { maxRelDiff, randomArray } from './kernels/affineTwin.testutil.ts';
import { acquireNodeGpu } from './node/nodeGpu.ts';
import { GpuProjector } from './projector.ts';

const vol = { nx: 32, ny: 32, nz: 32 };
const det = { nu: 36, nv: 34 };
const angles = Array.from({ length: 16 }, (_, i) => -60 + 8 * i);
const geometry = geometryFromTilts(angles, {
  axisRotationDeg: 4,
  xTiltDeg: 2,
  shiftsPx: angles.map((_, i) => [1.3 * Math.sin(0.7 * i), -0.8 * Math.cos(1.1 * i)] as const),
  // a slightly magnifying, rotating .xf on every view exercises the weight (1/|det A|) too
  xf: angles.map((_, i) => {
    const r = rotationInPlane(0.5 * i - 3, 0.25 * i - 2, 0.1 * i);
    const s = 1 + 0.004 * i;
    return { ...r, a11: r.a11 * s, a12: r.a12 * s, a21: r.a21 * s, a22: r.a22 * s };
  }),
});

let gpu: GpuContext;

beforeAll(async () => {
  const got = await acquireNodeGpu();
  if (!got.context) throw new Error(`no WebGPU device for the GPU tests: ${got.reason}`);
  gpu = got.context;
});

afterAll(async () => {
  await gpu?.destroy();
});

describe('GPU projector vs ReferenceProjector (32³, 16 views, full geometry)', () => {
  const ref = new ReferenceProjector(geometry, vol, det);
  const f = randomArray(vol.nx * vol.ny * vol.nz, 21);
  const g = randomArray(det.nu * det.nv * angles.length, 22);

  it('is a Projector (compile-time) and reports where it runs', () => {
    const p: Projector = new GpuProjector(gpu, geometry, vol, det);
    expect(p.device).toMatch(/^webgpu/);
    expect(p.nviews).toBe(16);
  });

  for (const maxSlabRows of [undefined, 9]) {
    const label = maxSlabRows ? `${maxSlabRows}-row slabs` : 'one slab';
    it(`forward, ${label}`, async () => {
      const p = new GpuProjector(gpu, geometry, vol, det, { maxSlabRows });
      const want = await ref.forward(f);
      const got = await p.forward(f);
      const rel = maxRelDiff(got, want);
      console.log(`[gpu vs reference] forward (${label}): max|Δ|/max|ref| = ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-4);
      p.dispose();
    });
    it(`back, ${label}`, async () => {
      const p = new GpuProjector(gpu, geometry, vol, det, { maxSlabRows });
      const want = await ref.back(g);
      const got = await p.back(g);
      const rel = maxRelDiff(got, want);
      console.log(`[gpu vs reference] back (${label}): max|Δ|/max|ref| = ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-4);
      p.dispose();
    });
  }
});
