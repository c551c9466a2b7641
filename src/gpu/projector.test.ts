// GPU projector vs its float64 CPU twin, on a real WebGPU device (Dawn + SwiftShader in Node).
// No adapter is a FAILURE here, with the reason: CI has the `webgpu` package and Chromium's driver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../core/geometry/index.ts';
import type { GpuContext } from './device.ts';
import { affineViews } from './geometry.ts';
import { maxRelDiff, randomArray, twinBack, twinForward } from './kernels/affineTwin.testutil.ts';
import { acquireNodeGpu } from './node/nodeGpu.ts';
import { GpuProjector } from './projector.ts';

const vol = { nx: 20, ny: 14, nz: 10 };
const det = { nu: 24, nv: 16 };
const angles = Array.from({ length: 9 }, (_, i) => -60 + 15 * i);
const geometry = geometryFromTilts(angles, {
  axisRotationDeg: 6,
  xTiltDeg: 4,
  shiftsPx: angles.map((_, i) => [0.7 * Math.sin(i), -0.4 * Math.cos(2 * i)] as const),
});

let gpu: GpuContext;

beforeAll(async () => {
  const got = await acquireNodeGpu();
  if (!got.context) throw new Error(`no WebGPU device for the GPU tests: ${got.reason}`);
  gpu = got.context;
  console.log(`[gpu tests] adapter: ${gpu.adapterName}`);
});

afterAll(async () => {
  await gpu?.destroy();
});

describe('GpuProjector vs the float64 twin', () => {
  const views = affineViews(geometry, vol, det);
  const f = randomArray(vol.nx * vol.ny * vol.nz, 1);
  const g = randomArray(det.nu * det.nv * angles.length, 2);

  for (const maxSlabRows of [undefined, 5]) {
    const label = maxSlabRows ? `in ${maxSlabRows}-row slabs` : 'in one slab';
    it(`forward ${label}`, async () => {
      const p = new GpuProjector(gpu, geometry, vol, det, { maxSlabRows });
      expect(p.plan.slabCount).toBe(maxSlabRows ? Math.ceil(vol.ny / maxSlabRows) : 1);
      const got = await p.forward(f);
      const rel = maxRelDiff(got, twinForward(views, vol, det, f));
      console.log(`[gpu tests] forward ${label}: max rel diff ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-5);
      p.dispose();
    });
    it(`back ${label}`, async () => {
      const p = new GpuProjector(gpu, geometry, vol, det, { maxSlabRows });
      const got = await p.back(g);
      const rel = maxRelDiff(got, twinBack(views, vol, det, g));
      console.log(`[gpu tests] back ${label}: max rel diff ${rel.toExponential(2)}`);
      expect(rel).toBeLessThan(1e-5);
      p.dispose();
    });
  }

  it('is adjoint on the GPU: <Af, g> = <f, Aᵀg>', async () => {
    const p = new GpuProjector(gpu, geometry, vol, det, { maxSlabRows: 4 });
    const af = await p.forward(f);
    const atg = await p.back(g);
    let lhs = 0;
    let rhs = 0;
    for (let i = 0; i < g.length; i++) lhs += af[i] * g[i];
    for (let i = 0; i < f.length; i++) rhs += f[i] * atg[i];
    const rel = Math.abs(lhs - rhs) / Math.abs(lhs);
    console.log(
      `[gpu tests] adjoint: <Af,g>=${lhs.toFixed(4)} <f,Aᵀg>=${rhs.toFixed(4)} rel ${rel.toExponential(2)}`,
    );
    expect(Math.abs(lhs)).toBeGreaterThan(1);
    expect(rel).toBeLessThan(1e-4);
  });

  it('forward on a plain series: exact pixel edges, steep tilts, a thin volume, odd detector width', async () => {
    // No shifts or rotations: u and v land exactly on pixel centres and edges, where the kernel's open
    // footprint bounds must keep every voxel of non-zero weight; ±84° rays run mostly along x (the loop
    // order flips), and a thin volume under a wide detector clips the march to a few planes.
    const thin = { nx: 23, ny: 6, nz: 5 };
    const wide = { nu: 31, nv: 7 };
    const plain = geometryFromTilts([-84, -50, -45, -12, 0, 30, 45, 72, 84]);
    const p = new GpuProjector(gpu, plain, thin, wide);
    const x = randomArray(thin.nx * thin.ny * thin.nz, 5);
    const got = await p.forward(x);
    const want = twinForward(affineViews(plain, thin, wide), thin, wide, x);
    const rel = maxRelDiff(got, want);
    console.log(`[gpu tests] forward, plain series: max rel diff ${rel.toExponential(2)}`);
    expect(rel).toBeLessThan(1e-5);
    p.dispose();
  });

  it('honours a view subset: only those views are written or read', async () => {
    const p = new GpuProjector(gpu, geometry, vol, det);
    const n = det.nu * det.nv;
    const out = new Float32Array(n * angles.length).fill(7);
    await p.forward(f, out, [2, 5]);
    const full = twinForward(views, vol, det, f);
    expect(out[0]).toBe(7); // view 0 untouched
    expect(maxRelDiff(out.subarray(5 * n, 6 * n), full.subarray(5 * n, 6 * n))).toBeLessThan(1e-5);
    const back = await p.back(g, undefined, [3]);
    expect(maxRelDiff(back, twinBack([views[3]], vol, det, g.subarray(3 * n, 4 * n)))).toBeLessThan(1e-5);
  });
});
