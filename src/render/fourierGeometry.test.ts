import { describe, expect, it } from 'vitest';
import { accumulateSums, emptySums } from '../core/fft/centralSections.ts';
import { powerSpectrum2d, taperedSection } from '../core/fft/powerSpectrum.ts';
import { geometryFromTilts } from '../core/geometry/index.ts';
import { reconstruct } from '../recon/algorithms/index.ts';
import { createCpuProjector } from '../recon/cpu/index.ts';
import { simulateTiltSeries } from '../recon/simulate/index.ts';
import { lineAngleDeg, missingMask, sectionLine, wedgeNote, wedgePower } from './fourierGeometry.ts';

describe('section lines', () => {
  it('in XZ, the view at θ is the line at θ from kx towards kz; the tilt axis angle foreshortens it', () => {
    expect(lineAngleDeg(sectionLine('xz', 40)!)).toBeCloseTo(40, 9);
    expect(lineAngleDeg(sectionLine('xz', -60)!)).toBeCloseTo(-60, 9);
    expect(lineAngleDeg(sectionLine('xz', 90)!)).toBeCloseTo(90, 9);
    // axis rotated by 60°: e·x = cos 60° = ½, so kz = ½ kx tan θ
    expect(lineAngleDeg(sectionLine('xz', 45, 60)!)).toBeCloseTo((Math.atan(0.5) * 180) / Math.PI, 5);
  });

  it('in XY every tilted plane crosses along the tilt axis and the 0° plane is the section itself', () => {
    expect(sectionLine('xy', 0)).toBeNull();
    expect(lineAngleDeg(sectionLine('xy', 30)!)).toBeCloseTo(90, 9);
    expect(wedgeNote('xy', [-60, 60])).toMatch(/does not show/);
  });
});

describe('missingMask', () => {
  it('marks the cone around kz in XZ for ±40°, nothing in XY, and all but ky in YZ', () => {
    const dims = { nx: 32, ny: 32, nz: 32 };
    const tilts = Array.from({ length: 41 }, (_, k) => -40 + 2 * k);
    const xz = missingMask('xz', dims, tilts);
    const at = (m: Uint8Array, i: number, j: number) => m[16 + i + 32 * (16 + j)];
    expect(at(xz, 0, 10)).toBe(1); // on kz
    expect(at(xz, 10, 0)).toBe(0); // on kx
    expect(at(xz, 10, 7)).toBe(0); // 35°: measured
    expect(at(xz, 5, 10)).toBe(1); // 63°: missing
    expect(missingMask('xy', dims, tilts).every((v) => v === 0)).toBe(true);
    const yz = missingMask('yz', dims, tilts);
    expect(at(yz, 10, 0)).toBe(0);
    expect(at(yz, 3, 3)).toBe(1);
  });
});

describe('the spectrum of a WBP reconstruction', () => {
  it('from ±40° has far less power inside the wedge than outside; the truth has not', async () => {
    const n = 48;
    const tilts = { tiltRangeDeg: [-40, 40] as const, tiltStepDeg: 2 };
    const sim = await simulateTiltSeries({ phantom: { name: 'shapes', nx: n, ny: n, nz: n }, ...tilts });
    const ts = sim.tiltSeries;
    const r = await reconstruct({
      data: ts.data,
      nu: ts.nx,
      nv: ts.ny,
      nviews: ts.nviews,
      geometry: geometryFromTilts(sim.anglesDeg),
      method: 'wbp',
      thickness: n,
      createProjector: (g, v, d) => createCpuProjector(g, v, d, { threads: 1 }),
    });
    const ratio = (data: Float32Array) => {
      const dims = { nx: n, ny: n, nz: n };
      const sums = emptySums(dims);
      accumulateSums({ ...dims, data }, sums, 0, n);
      const p = powerSpectrum2d(taperedSection(sums.xz, n, n), n, n);
      const w = wedgePower(p, missingMask('xz', dims, sim.anglesDeg), n, n);
      return w.inside / w.outside;
    };
    const rec = ratio(r.volume.data);
    const truth = ratio(sim.truth.data);
    console.log(
      `power inside/outside the ±40° wedge: WBP ${rec.toExponential(2)}, truth ${truth.toFixed(2)}`,
    );
    expect(rec).toBeLessThan(0.02);
    expect(truth).toBeGreaterThan(0.1);
  }, 60_000);
});
