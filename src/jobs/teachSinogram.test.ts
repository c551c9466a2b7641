import { describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../core/geometry/index.ts';
import { makePhantom } from '../core/phantoms/index.ts';
import { createJosephProjector } from '../recon/reference/index.ts';
import { FULL_SINOGRAM_DEG } from './teachAngles.ts';
import { fullSinogram, middleRows } from './teachSinogram.ts';

describe("teaching mode's sinograms", () => {
  it("cut the middle row of each view, and the truth's from its middle plane alone", async () => {
    const n = 24;
    const truth = makePhantom('shapes', { nx: n, ny: n, nz: n, seed: 1, maxTiltDeg: 89 }).volume;
    const angles = [-90, -37, 0, 52, 90];
    const p = createJosephProjector(geometryFromTilts(angles), truth, { nu: n, nv: n });
    const views = await p.forward(truth.data);
    p.dispose();
    const rows = middleRows(views, n, n, angles.length);
    expect(rows.length).toBe(angles.length * n);
    expect(Array.from(rows.subarray(n, 2 * n))).toEqual(
      Array.from(views.subarray(n * (n / 2 + n), n * (n / 2 + n) + n)),
    );
    const full = await fullSinogram(truth);
    expect(full.length).toBe(FULL_SINOGRAM_DEG.length * n);
    angles.forEach((a, k) => {
      const row = full.subarray((a + 90) * n, (a + 91) * n);
      for (let x = 0; x < n; x++) expect(row[x]).toBeCloseTo(rows[k * n + x], 4);
    });
    expect(Math.max(...full)).toBeGreaterThan(0);
  });
});
