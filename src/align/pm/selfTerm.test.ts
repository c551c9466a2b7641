import { describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { createCpuProjector } from '../../recon/cpu/index.ts';
import { createReferenceProjector } from '../../recon/reference/index.ts';
import { selfTerm, subtractSelfTerm } from './selfTerm.ts';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

describe('selfTerm', () => {
  const anglesDeg = [-58, -31.3, 0, 12.7, 45, 60];
  const vol = { nx: 40, ny: 3, nz: 17 };
  const det = { nu: 40, nv: 3 };
  const geometry = geometryFromTilts(anglesDeg);
  const plane = det.nu * det.nv;
  const r = rng(7);
  const q = Float32Array.from({ length: plane * anglesDeg.length }, () => r());

  it('equals one view back-projected and reprojected by the projectors (A_k B_kᵀ q_k)', async () => {
    for (const projector of [
      createReferenceProjector(geometry, vol, det),
      createCpuProjector(geometry, vol, det, { threads: 1 }),
    ]) {
      for (let k = 0; k < anglesDeg.length; k++) {
        const back = await projector.back(q, undefined, [k]);
        const exact = (await projector.forward(back, undefined, [k])).subarray(k * plane, (k + 1) * plane);
        const mine = new Float32Array(plane);
        subtractSelfTerm(
          mine,
          q.subarray(k * plane, (k + 1) * plane),
          selfTerm(geometry.views[k], vol, det),
          3,
        );
        let err = 0;
        let norm = 0;
        for (let p = 0; p < plane; p++) {
          err = Math.max(err, Math.abs(exact[p] + mine[p]));
          norm = Math.max(norm, Math.abs(exact[p]));
        }
        expect(norm).toBeGreaterThan(1);
        expect(err / norm).toBeLessThan(1e-5);
      }
      projector.dispose();
    }
  });

  it('has the ray length through the volume as its row sums (the continuous limit)', () => {
    // at 0° every ray crosses nz voxels; at 60° a central ray crosses nz / cos 60° = 2 nz
    const t0 = selfTerm({ angleDeg: 0 }, vol, det);
    const t60 = selfTerm({ angleDeg: 60 }, vol, det);
    const rowSum = (t: { diag: Float64Array; off: Float64Array }, i: number) =>
      t.diag[i] + t.off[i] + t.off[i - 1];
    expect(rowSum(t0, 20)).toBeCloseTo(vol.nz, 6);
    expect(rowSum(t60, 20)).toBeGreaterThan(2 * vol.nz - 1.5);
    expect(rowSum(t60, 20)).toBeLessThan(2 * vol.nz + 1.5);
  });

  it('refuses a rotated view', () => {
    expect(() => selfTerm({ angleDeg: 10, axisRotationDeg: 3 }, vol, det)).toThrow(/aligned/);
  });
});
