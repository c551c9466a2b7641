import { describe, expect, it } from 'vitest';
import { createReferenceProjector } from './referenceProjector.ts';
import { affineTestGeometry, dot, seeded } from './testVolumes.ts';

describe('reference projector adjointness', () => {
  // tilt, x-tilt, axis rotation, per-view shifts and a full .xf with a little magnification
  const angles = [-57, -31, -4, 0, 12.5, 33, 60];
  const geometry = affineTestGeometry(angles);
  const vol = { nx: 23, ny: 19, nz: 11 };
  const det = { nu: 25, nv: 21 };

  it('⟨Ax, y⟩ = ⟨x, Aᵀy⟩ for random x, y (relative error < 1e-4)', async () => {
    const p = createReferenceProjector(geometry, vol, det);
    const rnd = seeded(7);
    const x = Float32Array.from({ length: vol.nx * vol.ny * vol.nz }, rnd);
    const y = Float32Array.from({ length: det.nu * det.nv * angles.length }, rnd);
    const ax = await p.forward(x);
    const aty = await p.back(y);
    const lhs = dot(ax, y);
    const rhs = dot(x, aty);
    expect(Math.abs(lhs)).toBeGreaterThan(1);
    expect(Math.abs(lhs - rhs) / Math.abs(lhs)).toBeLessThan(1e-4);
  });

  it('is adjoint on a view subset too, and leaves other views untouched', async () => {
    const p = createReferenceProjector(geometry, vol, det);
    const rnd = seeded(11);
    const x = Float32Array.from({ length: vol.nx * vol.ny * vol.nz }, rnd);
    const y = Float32Array.from({ length: det.nu * det.nv * angles.length }, rnd);
    const out = new Float32Array(y.length).fill(5);
    const subset = [1, 4, 6];
    await p.forward(x, out, subset);
    expect(out[det.nu * det.nv * 2 + 3]).toBe(5);
    const ySub = new Float32Array(y.length);
    for (const k of subset)
      ySub.set(y.subarray(k * det.nu * det.nv, (k + 1) * det.nu * det.nv), k * det.nu * det.nv);
    const lhs = dot(
      out.map((v, i) => (subset.includes(Math.floor(i / (det.nu * det.nv))) ? v : 0)),
      y,
    );
    const rhs = dot(x, await p.back(y, undefined, subset));
    expect(Math.abs(lhs - rhs) / Math.abs(lhs)).toBeLessThan(1e-4);
    expect(dot(x, await p.back(ySub))).toBeCloseTo(rhs, 3);
  });

  it('cancels with a WedgeLabError when the signal is aborted', async () => {
    const p = createReferenceProjector(geometry, vol, det);
    const ac = new AbortController();
    ac.abort();
    await expect(
      p.back(new Float32Array(det.nu * det.nv * angles.length), undefined, undefined, { signal: ac.signal }),
    ).rejects.toMatchObject({
      code: 'cancelled',
    });
  });
});
