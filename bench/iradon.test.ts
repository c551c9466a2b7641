// The iradon comparison is only fair if iradon sees the same object on its own pixel grid: with the exact
// per-view shifts, its reconstruction and ours (same ramp, same data) must be nearly the same image. A wrong
// sign or a missing half pixel lowers that agreement well below the bound.
import { describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../src/core/geometry/index.ts';
import { reconstruct } from '../src/recon/algorithms/index.ts';
import { createReferenceProjector } from '../src/recon/reference/index.ts';
import { simulateTiltSeries } from '../src/recon/simulate/index.ts';
import { gridMatch, hasIradon, iradonSlab } from './iradon.ts';
import { correlation } from './wbp.ts';

describe('iradon grid match', () => {
  it('needs no shift at 0° and half a pixel per axis for even sizes', () => {
    const even = gridMatch(64, 32);
    expect(even.rowOffset).toBe(16);
    expect(even.shiftOf(0)).toBeCloseTo(0, 12);
    // at 90° u = z: the detector moves by dx = −½ and the object by dz = −½
    expect(even.shiftOf(90)).toBeCloseTo(-0.5 + 0.5, 12);
    expect(even.shiftOf(-90)).toBeCloseTo(-0.5 - 0.5, 12);
    const odd = gridMatch(65, 33);
    expect(odd.rowOffset).toBe(16);
    for (const a of [-60, 0, 45]) expect(odd.shiftOf(a)).toBeCloseTo(0, 12);
  });

  it.runIf(hasIradon())(
    'makes iradon and our WBP agree on a ±60° series (even sizes)',
    async () => {
      const n = 64;
      const nz = 32;
      const sim = await simulateTiltSeries({
        phantom: { name: 'shapes', nx: n, ny: n, nz },
        tiltRangeDeg: [-60, 60],
        tiltStepDeg: 3,
        seed: 2,
      });
      const geometry = geometryFromTilts(sim.anglesDeg);
      const ours = await reconstruct({
        data: sim.tiltSeries.data,
        nu: n,
        nv: n,
        nviews: sim.anglesDeg.length,
        geometry,
        thickness: nz,
        method: 'wbp',
        filter: 'ramp',
        createProjector: async (g, vol, det) => createReferenceProjector(g, vol, det),
      });
      const ir = iradonSlab(sim.tiltSeries.data, n, n, sim.anglesDeg, nz, 1e9);
      expect(ir.done.length).toBe(n);
      const agreement = correlation(ir.volume, ours.volume.data, n, n);
      expect(agreement).toBeGreaterThan(0.995);
      const truthOurs = correlation(ours.volume.data, sim.truth.data, n, n);
      const truthTheirs = correlation(ir.volume, sim.truth.data, n, n);
      expect(Math.abs(truthOurs - truthTheirs)).toBeLessThan(0.01);
    },
    60_000,
  );
});
