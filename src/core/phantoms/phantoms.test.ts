import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../errors.ts';
import { makePhantom, PHANTOM_NAMES } from './registry.ts';
import type { PhantomOptions } from './registry.ts';
import { volumeTiltExtentPx } from './margin.ts';
import { rasterize } from './rasterize.ts';

const SIZE = { nx: 64, ny: 56, nz: 48 };
const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);
const maxOf = (a: Float32Array): number => a.reduce((m, v) => Math.max(m, v), -Infinity);

describe('makePhantom: every family', () => {
  for (const name of PHANTOM_NAMES) {
    it(`${name}: deterministic, non-empty, non-cubic, inside its tilt margin`, () => {
      const opts: PhantomOptions = { ...SIZE, seed: 5, maxTiltDeg: 60 };
      const a = makePhantom(name, opts);
      const b = makePhantom(name, opts);
      expect(a.volume.nx * a.volume.ny * a.volume.nz).toBe(64 * 56 * 48);
      expect(a.volume.data.length).toBe(64 * 56 * 48);
      expect(Buffer.from(a.volume.data.buffer).equals(Buffer.from(b.volume.data.buffer))).toBe(true);
      expect(a.primitives.length).toBeGreaterThan(0);
      expect(sum(a.volume.data)).toBeGreaterThan(0);
      // mass stays on the detector at every tilt, and columns beyond the margin are empty
      expect(a.tiltExtentPx).toBeLessThanOrEqual(a.detectorLimitPx);
      expect(a.tiltExtentPx).toBeLessThanOrEqual(a.margin.limitPx + Math.sqrt(3) / 2 + 1e-9);
      const { nx, ny, nz, data } = a.volume;
      let edgeMass = 0;
      for (let z = 0; z < nz; z++)
        for (let y = 0; y < ny; y++)
          for (let x = 0; x < nx; x++)
            if (Math.abs(x - (nx - 1) / 2) > a.margin.limitPx + 0.5)
              edgeMass += Math.abs(data[x + nx * (y + ny * z)]);
      expect(edgeMass).toBe(0);
      if (name !== 'shepp') {
        // non-overlapping objects: no voxel exceeds the densest primitive
        const maxDensity = Math.max(...a.primitives.map((p) => p.density));
        expect(maxOf(data)).toBeLessThanOrEqual(maxDensity * (1 + 1e-5));
        const c = makePhantom(name, { ...opts, seed: 6 });
        expect(Buffer.from(c.volume.data.buffer).equals(Buffer.from(a.volume.data.buffer))).toBe(false);
      }
    });
  }

  it('placement honours the tilt range it is given', () => {
    const opts = { nx: 64, ny: 64, nz: 64, seed: 2, slabThicknessPx: 62 };
    const flat = makePhantom('spheres', { ...opts, maxTiltDeg: 0 });
    const wide = makePhantom('spheres', { ...opts, maxTiltDeg: 70 });
    expect(volumeTiltExtentPx(wide.volume, 70)).toBeLessThanOrEqual(31.5);
    // planned for 0° only, the same slab spills off the detector at 70°
    expect(volumeTiltExtentPx(flat.volume, 70)).toBeGreaterThan(31.5);
    expect(flat.tiltExtentPx).toBeLessThanOrEqual(31.5);
  });

  it('low-pass preserves mass and keeps the margin', () => {
    const soft = makePhantom('shapes', { ...SIZE, seed: 3, lowpassSigmaPx: 1.2 });
    const sharp = rasterize(SIZE.nx, SIZE.ny, SIZE.nz, soft.primitives);
    expect(Math.abs(sum(soft.volume.data) - sum(sharp)) / sum(sharp)).toBeLessThan(1e-4);
    expect(maxOf(soft.volume.data)).toBeLessThan(maxOf(sharp));
    expect(soft.tiltExtentPx).toBeLessThanOrEqual(soft.detectorLimitPx);
  });

  it('adds gold beads on request, and rejects unknown names with the list of valid ones', () => {
    const plain = makePhantom('capsid', { ...SIZE, seed: 1 });
    const beaded = makePhantom('capsid', { ...SIZE, seed: 1, beads: 6 });
    expect(beaded.primitives.filter((p) => p.density === 10).length).toBeGreaterThan(0);
    expect(beaded.primitives.length).toBeGreaterThan(plain.primitives.length);
    expect(maxOf(beaded.volume.data)).toBeCloseTo(10, 3);
    try {
      makePhantom('cubes', SIZE);
      expect.unreachable();
    } catch (e) {
      expect(isWedgeLabError(e) && e.code).toBe('bad-argument');
      expect((e as Error).message).toMatch(/spheres, shapes, shepp, capsid, vesicles, beads/);
      expect((e as Error).message).not.toMatch(/\n/);
    }
    expect(() => makePhantom('spheres', { nx: 0, ny: 8, nz: 8 })).toThrow(/nx/);
  });
});
