import { afterAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { affineTestGeometry, dot, maxRelDiff, seeded } from '../reference/testVolumes.ts';
import { createCpuProjector, type CpuProjector } from './cpuProjector.ts';
import { allocateSharedFloat32 } from './memory.ts';

// 13 views with tilt, x-tilt, axis rotation, per-view shifts and a small .xf: every term of the affine map
const angles = Array.from({ length: 13 }, (_, i) => -60 + 10 * i + 0.7);
const geometry = affineTestGeometry(angles);
// an aligned series (axis along y, v constant along rows): the other inner loop
const aligned = geometryFromTilts(angles, {
  xTiltDeg: 2,
  shiftsPx: angles.map((_, i) => [0.3 * i - 2, 0.5] as const),
});
// flat: no rotation, no x-tilt (v fixed per volume row): the blended-row fast path, with shifts and magnification
const flat = geometryFromTilts(angles, {
  shiftsPx: angles.map((_, i) => [0.3 * i - 2, 0.45 * i - 2.5] as const),
  xf: angles.map(() => ({ a11: 1.02, a12: 0, a21: 0, a22: 1.02, dxPx: 0.2, dyPx: -0.7 })),
});
// x-tilted: no in-plane rotation, so v is constant along x but moves with z (tiltedRows.ts), with per-view
// shifts, magnification and one mirrored view (u decreasing along x)
const xTilted = geometryFromTilts(angles, {
  xTiltDeg: -4,
  shiftsPx: angles.map((_, i) => [0.3 * i - 2, 1.7 - 0.35 * i] as const),
  xf: angles.map((_, i) => ({
    a11: i === 5 ? -1.03 : 1.03,
    a12: 0,
    a21: 0,
    a22: 0.98,
    dxPx: 0.2,
    dyPx: -0.7,
  })),
});
const vol = { nx: 40, ny: 36, nz: 20 };
const det = { nu: 42, nv: 38 };
const rnd = seeded(3);
const x = Float32Array.from({ length: vol.nx * vol.ny * vol.nz }, rnd);
const y = Float32Array.from({ length: det.nu * det.nv * angles.length }, rnd);

const projectors: CpuProjector[] = [];
function cpu(g = geometry, threads = 1): CpuProjector {
  const p = createCpuProjector(g, vol, det, { threads });
  projectors.push(p);
  return p;
}
afterAll(() => projectors.forEach((p) => p.dispose()));

describe.each([1, 2])('CpuProjector, threads = %i', (threads) => {
  it.each([
    ['rotated axis + .xf', geometry],
    ['aligned with x-tilt', aligned],
    ['x-tilted, magnified, one view mirrored', xTilted],
    ['flat', flat],
  ])('back and forward match the reference (%s)', async (_, g) => {
    const ref = createReferenceProjector(g, vol, det);
    const p = cpu(g, threads);
    expect(maxRelDiff(await p.back(y), await ref.back(y))).toBeLessThan(1e-4);
    expect(maxRelDiff(await p.forward(x), await ref.forward(x))).toBeLessThan(1e-4);
  });

  it.each([
    ['rotated axis + .xf', geometry],
    ['aligned with x-tilt', aligned],
    ['x-tilted, magnified, one view mirrored', xTilted],
    ['flat', flat],
  ])('is adjoint: ⟨Ax, y⟩ = ⟨x, Aᵀy⟩ (%s)', async (_, g) => {
    const p = cpu(g, threads);
    const lhs = dot(await p.forward(x), y);
    const rhs = dot(x, await p.back(y));
    expect(Math.abs(lhs)).toBeGreaterThan(1);
    expect(Math.abs(lhs - rhs) / Math.abs(lhs)).toBeLessThan(1e-4);
  });

  it('a view subset touches only those views', async () => {
    const p = cpu(geometry, threads);
    const ref = createReferenceProjector(geometry, vol, det);
    const subset = [1, 4, 12];
    const out = new Float32Array(y.length).fill(5);
    await p.forward(x, out, subset);
    const refOut = await ref.forward(x, new Float32Array(y.length).fill(5), subset);
    expect(maxRelDiff(out, refOut)).toBeLessThan(1e-4);
    const per = det.nu * det.nv;
    for (const k of [0, 2, 3, 11])
      expect(out.subarray(k * per, (k + 1) * per).every((v) => v === 5)).toBe(true);
    // back reads nothing outside the subset: NaN in the other views must not leak
    const poisoned = y.slice();
    for (const k of [0, 2, 3, 11]) poisoned.fill(NaN, k * per, (k + 1) * per);
    const b = await p.back(poisoned, new Float32Array(x.length).fill(7), subset);
    expect(maxRelDiff(b, await ref.back(y, undefined, subset))).toBeLessThan(1e-4);
  });

  it('works in place on shared-memory arrays', async () => {
    const p = cpu(geometry, threads);
    const ref = createReferenceProjector(geometry, vol, det);
    const ys = allocateSharedFloat32(y.length);
    ys.set(y);
    const xs = allocateSharedFloat32(x.length);
    xs.set(x);
    const outVol = allocateSharedFloat32(x.length);
    expect(maxRelDiff(await p.back(ys, outVol), await ref.back(y))).toBeLessThan(1e-4);
    expect(maxRelDiff(await p.forward(xs), await ref.forward(x))).toBeLessThan(1e-4);
  });
});
