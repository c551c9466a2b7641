// The GPU-resident SIRT kernels (residual + norm, reduction, update, on top of forward/back) against their
// CPU twins: one resident step must equal twinForward → twinResidual → twinBack → twinUpdate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../../core/geometry/index.ts';
import type { GpuContext } from '../../device.ts';
import { affineViews } from '../../geometry.ts';
import { acquireNodeGpu } from '../../node/nodeGpu.ts';
import { GpuProjector } from '../../projector.ts';
import { maxRelDiff, randomArray, twinBack, twinForward } from '../affineTwin.testutil.ts';
import { twinResidual, twinUpdate } from './sirtTwin.ts';

const vol = { nx: 18, ny: 12, nz: 9 };
const det = { nu: 22, nv: 14 };
const angles = Array.from({ length: 7 }, (_, i) => -54 + 18 * i);
const geometry = geometryFromTilts(angles, { axisRotationDeg: 5, xTiltDeg: 3 });
const nvox = vol.nx * vol.ny * vol.nz;
const nproj = det.nu * det.nv * angles.length;

let gpu: GpuContext;
beforeAll(async () => {
  const got = await acquireNodeGpu();
  if (!got.context) throw new Error(`no WebGPU device for the GPU tests: ${got.reason}`);
  gpu = got.context;
});
afterAll(async () => {
  await gpu?.destroy();
});

const positive = (a: Float32Array) => a.map((v) => Math.abs(v) + 0.1);

describe('GPU-resident SIRT step vs its CPU twin', () => {
  const views = affineViews(geometry, vol, det);
  const b = randomArray(nproj, 31);
  const x0 = randomArray(nvox, 32);
  const R = positive(randomArray(nproj, 33));
  const C = positive(randomArray(nvox, 34));

  for (const positivity of [false, true]) {
    it(`one step, positivity ${positivity}`, async () => {
      const p = new GpuProjector(gpu, geometry, vol, det);
      const s = await p.residentSirt(b, {
        relaxation: 0.7,
        positivity,
        rowScale: R,
        columnScale: C,
        initial: x0,
      });
      expect(s).not.toBeNull();
      const ax = Float32Array.from(twinForward(views, vol, det, x0));
      const { r, sq } = twinResidual(b, ax, R);
      const g = Float32Array.from(twinBack(views, vol, det, r));
      const want = twinUpdate(x0, C, g, 0.7, positivity);
      const got = await s!.step(true);
      const relX = maxRelDiff(got.volume!, want);
      const relSq = Math.abs(got.residualSq - sq) / sq;
      // the previous buffer still holds x0, and the residual of the new iterate matches too
      const relPrev = maxRelDiff(await s!.volume(true), x0);
      const next = twinResidual(b, Float32Array.from(twinForward(views, vol, det, want)), R).sq;
      const relNext = Math.abs((await s!.residualSq()) - next) / next;
      console.log(
        `[sirt kernels] positivity ${positivity}: x ${relX.toExponential(2)}, ‖r‖² ${relSq.toExponential(2)}, next ‖r‖² ${relNext.toExponential(2)}`,
      );
      expect(relX).toBeLessThan(1e-4);
      expect(relSq).toBeLessThan(1e-4);
      expect(relPrev).toBe(0);
      expect(relNext).toBeLessThan(1e-4);
      s!.dispose();
      p.dispose();
    });
  }

  it('timePasses() reports every pass and leaves the iterate alone', async () => {
    const p = new GpuProjector(gpu, geometry, vol, det);
    const s = await p.residentSirt(b, { relaxation: 0.7, positivity: false, rowScale: R, columnScale: C });
    const x1 = (await s!.step(true)).volume!;
    const t = await s!.timePasses();
    for (const k of ['forward', 'residual', 'reduce', 'back', 'update', 'readback'] as const) {
      expect(Number.isFinite(t[k]) && t[k] >= 0, k).toBe(true);
    }
    expect(['timestamp', 'wall']).toContain(t.source);
    expect(maxRelDiff(await s!.volume(), x1)).toBe(0);
    // and the session still iterates from that iterate
    const next = twinResidual(b, Float32Array.from(twinForward(views, vol, det, x1)), R).sq;
    expect(Math.abs((await s!.residualSq()) - next) / next).toBeLessThan(1e-4);
    s!.dispose();
    p.dispose();
  });

  it('is not offered when the volume is streamed in slabs or resident is off', async () => {
    const opts = { relaxation: 1, positivity: false, rowScale: R, columnScale: C };
    expect(
      await new GpuProjector(gpu, geometry, vol, det, { maxSlabRows: 4 }).residentSirt(b, opts),
    ).toBeNull();
    expect(
      await new GpuProjector(gpu, geometry, vol, det, { resident: false }).residentSirt(b, opts),
    ).toBeNull();
    expect(
      await new GpuProjector(gpu, geometry, vol, det, { budgetBytes: 100_000 }).residentSirt(b, opts),
    ).toBeNull();
  });
});
