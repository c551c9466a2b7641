import { describe, expect, it } from 'vitest';
import {
  boxHalfSize,
  cameraPosition,
  DEFAULT_ORBIT,
  orbitAfterKey,
  orbitBy,
  planePlacement,
  wheelZoom,
  zoomBy,
} from './boxModel.ts';

const dims = { nx: 96, ny: 64, nz: 48 };

describe('box view geometry', () => {
  it('scales the longest side to 1, centred', () => {
    expect(boxHalfSize(dims)).toEqual([0.5, 1 / 3, 0.25]);
  });

  it('puts each plane at its slice, through the voxel centre', () => {
    const p = { x: 0, y: 63, z: 24 };
    expect(planePlacement('xy', dims, p).centre[2]).toBeCloseTo((24.5 - 24) / 96);
    expect(planePlacement('xz', dims, p).centre[1]).toBeCloseTo((63.5 - 32) / 96);
    expect(planePlacement('yz', dims, p).centre[0]).toBeCloseTo((0.5 - 48) / 96);
    // the yz image is z across and y up
    expect(planePlacement('yz', dims, p).size).toEqual([0.5, 64 / 96]);
    expect(planePlacement('xz', dims, p).size).toEqual([1, 0.5]);
  });

  it('orbits: azimuth wraps, elevation stops short of the poles', () => {
    expect(orbitBy(DEFAULT_ORBIT, 360, 0).azimuthDeg).toBeCloseTo(DEFAULT_ORBIT.azimuthDeg);
    expect(orbitBy({ ...DEFAULT_ORBIT, azimuthDeg: 175 }, 10, 0).azimuthDeg).toBeCloseTo(-175);
    expect(orbitBy(DEFAULT_ORBIT, 0, 500).elevationDeg).toBe(89);
    expect(orbitBy(DEFAULT_ORBIT, 0, -500).elevationDeg).toBe(-89);
  });

  it('zooms within limits; the wheel up zooms in', () => {
    expect(zoomBy(DEFAULT_ORBIT, 2).distance).toBeCloseTo(DEFAULT_ORBIT.distance / 2);
    expect(zoomBy(DEFAULT_ORBIT, 1e6).distance).toBe(0.9);
    expect(zoomBy(DEFAULT_ORBIT, 1e-6).distance).toBe(8);
    expect(wheelZoom(-100)).toBeGreaterThan(1);
  });

  it('keys orbit, zoom and reset; others do nothing', () => {
    expect(orbitAfterKey(DEFAULT_ORBIT, 'ArrowRight')?.azimuthDeg).toBe(DEFAULT_ORBIT.azimuthDeg + 10);
    expect(orbitAfterKey(DEFAULT_ORBIT, 'ArrowUp')?.elevationDeg).toBe(DEFAULT_ORBIT.elevationDeg + 10);
    expect(orbitAfterKey(orbitBy(DEFAULT_ORBIT, 40, 0), '0')).toEqual(DEFAULT_ORBIT);
    expect(orbitAfterKey(DEFAULT_ORBIT, 'x')).toBeNull();
  });

  it('places the camera at its distance, above the box for a positive elevation', () => {
    const [x, y, z] = cameraPosition(DEFAULT_ORBIT);
    expect(Math.hypot(x, y, z)).toBeCloseTo(DEFAULT_ORBIT.distance);
    expect(z).toBeGreaterThan(0);
    const [x0, y0] = cameraPosition({ azimuthDeg: 90, elevationDeg: 0, distance: 2 });
    expect(x0).toBeCloseTo(0);
    expect(y0).toBeCloseTo(2);
  });
});
