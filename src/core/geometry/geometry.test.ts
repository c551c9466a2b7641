import { describe, expect, it } from 'vitest';
import {
  alignedFromRaw,
  applyImportOptions,
  applyInPlane,
  composeInPlane,
  geometryFromTilts,
  invertInPlane,
  projectPoint,
  rotationInPlane,
  viewAffine,
  viewVectors,
  type Vec3,
  type ViewGeometry,
} from './index.ts';

const vol = { nx: 64, ny: 48, nz: 32 };
const det = { nu: 64, nv: 48 };
const centre: Vec3 = [31.5, 23.5, 15.5];
const at = (dx: number, dy: number, dz: number): Vec3 => [centre[0] + dx, centre[1] + dy, centre[2] + dz];

describe('the convention', () => {
  it('maps voxel (x, y, z) to detector (x, y) at 0° with centres at (n−1)/2', () => {
    const [u, v] = projectPoint({ angleDeg: 0 }, vol, det, [3, 5, 30]);
    expect(u).toBeCloseTo(3, 12);
    expect(v).toBeCloseTo(5, 12);
    const [uc, vc] = projectPoint({ angleDeg: 0 }, vol, { nu: 80, nv: 50 }, [3, 5, 0]);
    expect(uc).toBeCloseTo(3 + 8, 12);
    expect(vc).toBeCloseTo(5 + 1, 12);
  });

  it('at a positive tilt moves a point at +z towards +x (x′ = x cos θ + z sin θ)', () => {
    const [u, v] = projectPoint({ angleDeg: 30 }, vol, det, at(0, 0, 10));
    expect(u - centre[0]).toBeCloseTo(5, 10);
    expect(v - centre[1]).toBeCloseTo(0, 10);
    const [ux] = projectPoint({ angleDeg: 30 }, vol, det, at(10, 0, 0));
    expect(ux - centre[0]).toBeCloseTo(10 * Math.cos(Math.PI / 6), 10);
  });

  it('keeps the tilt axis (y) fixed and a positive x-axis tilt moves +z points towards +y (IMOD XAXISTILT sign)', () => {
    const [, v] = projectPoint({ angleDeg: 40 }, vol, det, at(0, 7, 0));
    expect(v - centre[1]).toBeCloseTo(7, 10);
    const [, vz] = projectPoint({ angleDeg: 0, xTiltDeg: 10 }, vol, det, at(0, 0, 10));
    expect(vz - centre[1]).toBeCloseTo(10 * Math.sin(Math.PI / 18), 10);
  });

  it('viewVectors are orthonormal and agree with the affine map', () => {
    const view: ViewGeometry = { angleDeg: -47, xTiltDeg: 4 };
    const { uAxis, vAxis, beamDir } = viewVectors(view, vol);
    const d = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    expect(d(uAxis, uAxis)).toBeCloseTo(1, 12);
    expect(d(uAxis, vAxis)).toBeCloseTo(0, 12);
    expect(d(uAxis, beamDir)).toBeCloseTo(0, 12);
    expect(d(vAxis, beamDir)).toBeCloseTo(0, 12);
    const m = viewAffine(view, vol, det);
    expect([m.ux, m.uy, m.uz]).toEqual(uAxis.map((x) => expect.closeTo(x, 12)));
    expect([m.vx, m.vy, m.vz]).toEqual(vAxis.map((x) => expect.closeTo(x, 12)));
    // moving along the beam does not move the projection
    const p = at(3, -2, 1);
    const q: Vec3 = [p[0] + 5 * beamDir[0], p[1] + 5 * beamDir[1], p[2] + 5 * beamDir[2]];
    expect(projectPoint(view, vol, det, q)).toEqual(
      projectPoint(view, vol, det, p).map((x) => expect.closeTo(x, 10)),
    );
  });
});

describe('.xf semantics (raw → aligned about (nu/2, nv/2))', () => {
  it('a .xf shift dx moves the feature by −dx in the raw image', () => {
    const p = at(4, -3, 6);
    const [u0, v0] = projectPoint({ angleDeg: 20 }, vol, det, p);
    const [u1, v1] = projectPoint(
      { angleDeg: 20, xf: { a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 3, dyPx: -2 } },
      vol,
      det,
      p,
    );
    expect(u1 - u0).toBeCloseTo(-3, 10);
    expect(v1 - v0).toBeCloseTo(2, 10);
    const [u2, v2] = projectPoint({ angleDeg: 20, shiftXPx: 3, shiftYPx: -2 }, vol, det, p);
    expect([u2, v2]).toEqual([u1, v1].map((x) => expect.closeTo(x, 10)));
  });

  it('applying the view .xf to the raw position gives the aligned position', () => {
    const view: ViewGeometry = {
      angleDeg: -35,
      axisRotationDeg: 84,
      shiftXPx: 1.5,
      xf: { a11: 0.99, a12: 0.1, a21: -0.1, a22: 1.01, dxPx: -2, dyPx: 4 },
    };
    const p = at(5, 9, -4);
    const raw = projectPoint(view, vol, det, p);
    const aligned = projectPoint({ angleDeg: -35 }, vol, det, p);
    const back = applyInPlane(alignedFromRaw(view), det, raw[0], raw[1]);
    expect(back).toEqual(aligned.map((x) => expect.closeTo(x, 9)));
  });

  it('a tilt axis rotated 90° CCW shows the +y axis pointing to −x in the raw image', () => {
    const [u, v] = projectPoint({ angleDeg: 0, axisRotationDeg: 90 }, vol, det, at(0, 10, 0));
    // rotation about the .xf centre (32, 24), which is half a pixel off the tilt centre (31.5, 23.5)
    // aligned (31.5, 33.5) is (−0.5, 9.5) from it; turned 90° CCW: (−9.5, −0.5)
    expect(u).toBeCloseTo(32 - 9.5, 9);
    expect(v).toBeCloseTo(24 - 0.5, 9);
  });

  it('composes and inverts like IMOD xfmult/xfinvert', () => {
    const a = rotationInPlane(30, 2, -1);
    const b = { a11: 1.1, a12: 0.2, a21: -0.1, a22: 0.9, dxPx: 5, dyPx: 3 };
    const ab = composeInPlane(a, b);
    const [x, y] = applyInPlane(b, det, ...applyInPlane(a, det, 10, 7));
    expect(applyInPlane(ab, det, 10, 7)).toEqual([x, y].map((v) => expect.closeTo(v, 10)));
    const id = composeInPlane(ab, invertInPlane(ab));
    expect([id.a11, id.a12, id.a21, id.a22, id.dxPx, id.dyPx]).toEqual(
      [1, 0, 0, 1, 0, 0].map((v) => expect.closeTo(v, 10)),
    );
  });
});

describe('import options', () => {
  const p = at(6, -4, 9);
  const mirrored = at(6, -4, -9);

  it('invertAngles projects the z-mirrored volume (a mirror-image reconstruction)', () => {
    const g = geometryFromTilts([-50, 25], { xTiltDeg: 2 });
    const inv = applyImportOptions(g, { invertAngles: true });
    expect(inv.views.map((v) => v.angleDeg)).toEqual([50, -25]);
    inv.views.forEach((v, i) => {
      expect(projectPoint(v, vol, det, p)).toEqual(
        projectPoint(g.views[i], vol, det, mirrored).map((x) => expect.closeTo(x, 10)),
      );
    });
  });

  it('axisRotated180 equals inverted angles plus a 180° turn of the volume about z (up to 1 px)', () => {
    const g = geometryFromTilts([35], { axisRotationDeg: 85, axisRotated180: true });
    expect(g.views[0].axisRotationDeg).toBe(265);
    const plain = { angleDeg: -35, axisRotationDeg: 85 };
    // turning the volume 180° about z: (x, y, z) → (−x, −y, z) about the centre
    const turnedMirror = at(-6, 4, 9);
    const [u, v] = projectPoint(plain, vol, det, turnedMirror);
    // the .xf centre (n/2) is half a pixel from the tilt centre ((n−1)/2): a 180° turn about one instead of
    // the other is a constant shift R(φ)·(1, 1) px, exactly as in IMOD (newstack vs tilt)
    const c = Math.cos((85 * Math.PI) / 180);
    const s = Math.sin((85 * Math.PI) / 180);
    expect(projectPoint(g.views[0], vol, det, p)).toEqual(
      [u + c - s, v + s + c].map((x) => expect.closeTo(x, 9)),
    );
  });

  it('rejects a .xf with the wrong number of views, naming both files', () => {
    expect(() =>
      geometryFromTilts([0, 1, 2], { xf: [rotationInPlane(0)], xfSource: 'a.xf', tiltSource: 'a.tlt' }),
    ).toThrow(/a\.xf has 1 transforms but a\.tlt has 3/);
  });
});
