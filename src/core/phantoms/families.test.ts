import { describe, expect, it } from 'vitest';
import { hasSharedData, readShared } from '../../testing/sharedData.ts';
import { projectEllipsoidsAnalytic } from './analytic.ts';
import { makePhantom } from './registry.ts';
import { SHEPP_LOGAN_MODEL13 } from './shepp.ts';
import { bilayerGeometryPx, CORE_DENSITY } from './vesicles.ts';
import type { Shell } from './primitives.ts';

describe('shepp (TomoPhantom model 13)', () => {
  const n = 128;
  const r = makePhantom('shepp', { nx: n, ny: n, nz: n, maxTiltDeg: 0 });
  const at = (xc: number, yc: number, zc: number): number => {
    const [x, y, z] = [xc, yc, zc].map((c) => Math.round(c + (n - 1) / 2));
    return r.volume.data[x + n * (y + n * z)];
  };

  it('has model 13 densities at known points of the central slices', () => {
    expect(at(-0.5, -0.5, -0.5)).toBeCloseTo(0.2, 5); // brain: 1.0 − 0.8
    expect(at(43.5, -0.5, -0.5)).toBeCloseTo(1.0, 5); // skull: outer ellipsoid only
    expect(at(0.22 * 64 + 0.5, 0.5, 0.5)).toBeCloseTo(0.0, 5); // ellipsoid 3 (y0 = 0.22 lies along x)
    expect(at(-0.22 * 64 - 0.5, 0.5, 0.5)).toBeCloseTo(0.0, 5); // ellipsoid 4
    expect(at(0.5, -22.5, -9.5)).toBeCloseTo(0.3, 5); // ellipsoid 5 (x0 = −0.35 along y, z0 = −0.15)
    expect(at(60.5, 0.5, 0.5)).toBe(0);
  });

  it('rotates ellipsoid 3 by +18° the TomoPhantom way (its long axis leans to −x as y grows)', () => {
    expect(at(9.5, 14.5, 0.5)).toBeCloseTo(0.0, 5);
    expect(at(18.5, 14.5, 0.5)).toBeCloseTo(0.2, 5);
  });

  it('stretches with the volume like TomoPhantom, and projects analytically', () => {
    const flat = makePhantom('shepp', { nx: 96, ny: 64, nz: 48, maxTiltDeg: 0 });
    expect(flat.analytic).toBe(true);
    const outer = flat.primitives[0];
    expect(outer.kind).toBe('ellipsoid');
    if (outer.kind === 'ellipsoid')
      expect(outer.semiAxesPx).toEqual([0.69 * 48, 0.92 * 32, 0.81 * 24].map((v) => expect.closeTo(v, 9)));
    const img = projectEllipsoidsAnalytic(
      flat.primitives,
      { beamDir: [0, 0, 1], uAxis: [1, 0, 0], vAxis: [0, 1, 0] },
      96,
      64,
    );
    // through the centre: 2·(1.0·0.81 − 0.8·0.78)·24 px (ellipsoid 2's y offset barely matters)
    expect(img[47 + 96 * 31] + img[48 + 96 * 32]).toBeCloseTo(2 * 2 * (0.81 - 0.8 * 0.78) * 24, 0);
  });

  it.skipIf(!hasSharedData)('encodes the table of Phantom3DLibrary.dat model 13 exactly', () => {
    const text = new TextDecoder().decode(readShared('tomophantom/Phantom3DLibrary.dat'));
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /^Model\s*:\s*13;/.test(l));
    expect(start).toBeGreaterThan(0);
    const rows = lines.slice(start + 3, start + 3 + 10).map((l) =>
      l
        .replace(/^Object\s*:\s*ellipsoid/, '')
        .replace(/;/g, '')
        .trim()
        .split(/\s+/)
        .map(Number),
    );
    expect(rows).toEqual(SHEPP_LOGAN_MODEL13.map((row) => [...row]));
  });
});

describe('capsid', () => {
  it('is a bumped icosahedral shell with a tail, analytic, without overlaps', () => {
    const r = makePhantom('capsid', { nx: 96, ny: 96, nz: 80, seed: 4 });
    expect(r.analytic).toBe(true);
    const shells = r.primitives.filter((p) => p.kind === 'shell');
    expect(shells).toHaveLength(1);
    // 1 shell + 11 pentons + 60 hexons + tail hub + needle
    expect(r.primitives).toHaveLength(74);
    const max = r.volume.data.reduce((m, v) => Math.max(m, v), 0);
    expect(max).toBeLessThanOrEqual(1 + 1e-5);
    // only the tail reaches beyond the bumps: the farthest mass lies ~1.68 R out, in one direction
    const R = shells[0].kind === 'shell' ? shells[0].outerRadiusPx : 0;
    const { nx, ny, nz, data } = r.volume;
    const far: number[][] = [];
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const p = [x - (nx - 1) / 2, y - (ny - 1) / 2, z - (nz - 1) / 2];
          if (data[x + nx * (y + ny * z)] > 0 && Math.hypot(...p) > 1.2 * R) far.push(p);
        }
    expect(far.length).toBeGreaterThan(10);
    expect(Math.max(...far.map((p) => Math.hypot(...p)))).toBeGreaterThan(1.55 * R);
    const dir = far.reduce((acc, p) => acc.map((v, i) => v + p[i] / Math.hypot(...p)), [0, 0, 0]);
    expect(Math.hypot(...dir) / far.length).toBeGreaterThan(0.95);
    expect(r.volume.voxelSizeA[0]).toBeGreaterThan(0);
  });

  it('honours a given voxel size (P22 outer radius 315 Å) when it fits', () => {
    const r = makePhantom('capsid', { nx: 128, ny: 128, nz: 128, seed: 1, voxelSizeA: 10 });
    const s = r.primitives[0] as Shell;
    expect(s.outerRadiusPx).toBeCloseTo(31.5, 6);
    expect(r.volume.voxelSizeA).toEqual([10, 10, 10]);
  });
});

describe('vesicles', () => {
  it('show two leaflet peaks at the bilayer spacing in the radial profile', () => {
    const voxelSizeA = 4;
    const r = makePhantom('vesicles', { nx: 96, ny: 96, nz: 96, seed: 2, count: 1, voxelSizeA });
    expect(r.analytic).toBe(true);
    const [inner, core, outer] = r.primitives as Shell[];
    expect(core.density).toBe(CORE_DENSITY);
    const c = inner.center;
    const mid = (core.innerRadiusPx + core.outerRadiusPx) / 2;
    // radial profile in 0.5 px bins around the vesicle centre
    const bins = new Float64Array(200);
    const counts = new Float64Array(200);
    const { nx, ny, nz, data } = r.volume;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const d = Math.hypot(x - (nx - 1) / 2 - c[0], y - (ny - 1) / 2 - c[1], z - (nz - 1) / 2 - c[2]);
          const b = Math.floor(d * 2);
          if (b < 200) {
            bins[b] += data[x + nx * (y + ny * z)];
            counts[b]++;
          }
        }
    const profile = Array.from(bins, (v, i) => (counts[i] ? v / counts[i] : 0));
    const peaks: number[] = [];
    for (let i = 1; i < 199; i++) {
      if (profile[i] > 0.6 && profile[i] >= profile[i - 1] && profile[i] > profile[i + 1])
        peaks.push(i / 2 + 0.25);
    }
    const g = bilayerGeometryPx(voxelSizeA);
    expect(peaks).toHaveLength(2);
    expect(peaks[1] - peaks[0]).toBeCloseTo(g.spacingPx, 0);
    expect((peaks[0] + peaks[1]) / 2).toBeCloseTo(mid, 0);
    // the core between the leaflets is denser than the lumen, lighter than a leaflet
    const coreValue = profile[Math.round(mid * 2)];
    expect(coreValue).toBeGreaterThan(0.2);
    expect(coreValue).toBeLessThan(0.6);
    expect(outer.outerRadiusPx - inner.innerRadiusPx).toBeCloseTo(g.spacingPx + g.leafletThicknessPx, 9);
  });

  it('refuses a bilayer that cannot fit, in one line', () => {
    expect(() => makePhantom('vesicles', { nx: 16, ny: 16, nz: 16, voxelSizeA: 1 })).toThrow(/does not fit/);
  });
});
