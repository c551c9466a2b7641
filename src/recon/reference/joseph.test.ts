// Joseph's ray-driven projector: exact line integrals, mass, geometry agreement with the reference, adjoint.
import { describe, expect, it } from 'vitest';
import {
  centreIndex,
  geometryFromTilts,
  viewVectors,
  type DetectorDims,
  type TiltGeometry,
  type VolumeDims,
} from '../../core/geometry/index.ts';
import {
  gaussianLowpass,
  lowpassRadiusPx,
  makePhantom,
  projectEllipsoidsAnalytic,
  rasterize,
  type Mat3,
  type Primitive,
} from '../../core/phantoms/index.ts';
import type { Projector } from '../projector.ts';
import { createJosephProjector } from './joseph.ts';
import { createReferenceProjector } from './referenceProjector.ts';
import { blobVolume, correlation, dot, seeded, viewCentroid } from './testVolumes.ts';

const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** rms(ours − exact) / rms(exact) for each view. */
async function rmsErrors(p: Projector, vol: Float32Array, exact: readonly Float32Array[]): Promise<number[]> {
  const proj = await p.forward(vol);
  const n = p.detectorDims.nu * p.detectorDims.nv;
  return exact.map((ex, k) => {
    let err = 0;
    let ref = 0;
    for (let i = 0; i < n; i++) {
      err += (proj[k * n + i] - ex[i]) ** 2;
      ref += ex[i] ** 2;
    }
    return Math.sqrt(err / ref);
  });
}

/** Analytic projections (4 × 4 rays per pixel), blurred in 2D like the volume was in 3D (isotropic σ). */
function exactViews(prims: Primitive[], g: TiltGeometry, det: DetectorDims, sigmaPx: number): Float32Array[] {
  return g.views.map((view) => {
    const img = projectEllipsoidsAnalytic(prims, viewVectors(view), det.nu, det.nv, { supersample: 4 });
    return sigmaPx > 0
      ? gaussianLowpass(img, det.nu, det.nv, 1, sigmaPx).map((x) => x / centreWeight(sigmaPx))
      : img;
  });
}

/** gaussianLowpass on a single plane (nz = 1) also scales by the kernel's centre tap: undo it. */
function centreWeight(sigmaPx: number): number {
  const r = lowpassRadiusPx(sigmaPx);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += Math.exp((-0.5 * i * i) / (sigmaPx * sigmaPx));
  return 1 / sum;
}

const pct = (xs: number[]): string => xs.map((x) => (100 * x).toFixed(2) + '%').join(' ');

describe('Joseph vs exact ellipsoid line integrals', () => {
  it('removes the 45° stripes of the splat (partial-volume ellipsoid, as oracles.test)', async () => {
    const dims = { nx: 48, ny: 40, nz: 32 };
    const det = { nu: 56, nv: 44 };
    const prims: Primitive[] = [
      { kind: 'ellipsoid', center: [3, -2, 1], rotation: IDENTITY, density: 1, semiAxesPx: [12, 8, 6] },
    ];
    const vol = rasterize(dims.nx, dims.ny, dims.nz, prims, { supersample: 4 });
    const angles = [0, 30, 45, 60, -45];
    const g = geometryFromTilts(angles);
    const exact = exactViews(prims, g, det, 0);
    const splat = await rmsErrors(createReferenceProjector(g, dims, det), vol, exact);
    const joseph = await rmsErrors(createJosephProjector(g, dims, det), vol, exact);
    console.info(`[joseph] angles ${angles.join(' ')}: splat ${pct(splat)} | joseph ${pct(joseph)}`);
    // measured: splat 0.48 1.28 6.86 1.94 6.62 %, joseph 0.48 1.08 1.18 1.66 1.02 %
    expect(joseph[2]).toBeLessThanOrEqual(0.5 * splat[2]);
    expect(joseph[4]).toBeLessThanOrEqual(0.5 * splat[4]);
    joseph.forEach((e, k) => {
      expect(e).toBeLessThan(0.03);
      expect(e).toBeLessThanOrEqual(splat[k] + 1e-3);
    });
  });

  it('stays under 3% rms at every angle on a low-passed Shepp–Logan phantom, x-tilt included', async () => {
    const sigmaPx = 1;
    const ph = makePhantom('shepp', { nx: 48, ny: 48, nz: 40, lowpassSigmaPx: sigmaPx, maxTiltDeg: 60 });
    const { nx, ny, nz, data } = ph.volume;
    const dims = { nx, ny, nz };
    const det = { nu: 48, nv: 48 };
    const angles = [0, 30, 45, 60, -45, -60];
    const g = geometryFromTilts(angles, { xTiltDeg: 4 });
    const exact = exactViews(ph.primitives, g, det, sigmaPx);
    const splat = await rmsErrors(createReferenceProjector(g, dims, det), data, exact);
    const joseph = await rmsErrors(createJosephProjector(g, dims, det), data, exact);
    console.info(
      `[joseph] shepp σ=1 angles ${angles.join(' ')}: splat ${pct(splat)} | joseph ${pct(joseph)}`,
    );
    joseph.forEach((e) => expect(e).toBeLessThan(0.03));
    expect(joseph[2]).toBeLessThanOrEqual(0.5 * splat[2]);
  });
});

/** Tilt, x-tilt, axis rotation, per-view shifts and a full .xf with a little magnification. */
function fullGeometry(angles: number[], magnify = true): TiltGeometry {
  return geometryFromTilts(angles, {
    xTiltDeg: 3.5,
    axisRotationDeg: 84.3,
    shiftsPx: angles.map((a, i) => [0.37 * i - 1.2, 1.9 - 0.41 * i] as const),
    xf: angles.map((a) => ({
      a11: magnify ? 1.01 : Math.cos(0.02),
      a12: 0.02 * Math.sign(a),
      a21: -0.02 * Math.sign(a),
      a22: magnify ? 0.99 : Math.cos(0.02),
      dxPx: a / 20,
      dyPx: -0.3,
    })),
  });
}

describe('Joseph mass', () => {
  it('keeps each view sum at volume sum / |det A| within 1e-3 (all three marching axes)', async () => {
    const dims: VolumeDims = { nx: 40, ny: 36, nz: 24 };
    const det = { nu: 72, nv: 72 };
    const c = [centreIndex(dims.nx), centreIndex(dims.ny), centreIndex(dims.nz)];
    const vol = blobVolume(dims, [
      { c: [c[0] + 6, c[1] - 4, c[2] + 2], sigmaPx: 2.5, amplitude: 1 },
      { c: [c[0] - 7, c[1] + 5, c[2] - 3], sigmaPx: 2, amplitude: 0.6 },
    ]);
    let volSum = 0;
    for (const x of vol) volSum += x;
    const angles = [-60, -45, -30, 0, 20, 45, 60];
    const g = fullGeometry(angles);
    // a view marching along y (steep x-tilt)
    g.views.push({ angleDeg: 10, xTiltDeg: 70, axisRotationDeg: 20 });
    const p = createJosephProjector(g, dims, det);
    const proj = await p.forward(vol);
    g.views.forEach((view, k) => {
      const xf = view.xf ?? { a11: 1, a12: 0, a21: 0, a22: 1 };
      const expected = volSum / Math.abs(xf.a11 * xf.a22 - xf.a12 * xf.a21);
      const { sum } = viewCentroid(proj, det.nu, det.nv, k);
      expect(Math.abs(sum / expected - 1)).toBeLessThan(1e-3);
    });
  });
});

describe('Joseph geometry agrees with the reference projector', () => {
  const dims: VolumeDims = { nx: 40, ny: 36, nz: 24 };
  const det = { nu: 64, nv: 60 };
  const c = [centreIndex(dims.nx), centreIndex(dims.ny), centreIndex(dims.nz)];
  const angles = [-60, -45, -20, 0, 25, 45, 60];

  it('puts an off-centre feature at the same raw detector position (centroid within 0.1 px)', async () => {
    const vol = blobVolume(dims, [{ c: [c[0] + 9.3, c[1] - 6.6, c[2] + 5.2], sigmaPx: 1.5, amplitude: 1 }]);
    for (const g of [geometryFromTilts(angles), fullGeometry(angles)]) {
      const ref = await createReferenceProjector(g, dims, det).forward(vol);
      const jos = await createJosephProjector(g, dims, det).forward(vol);
      g.views.forEach((_, k) => {
        const a = viewCentroid(ref, det.nu, det.nv, k);
        const b = viewCentroid(jos, det.nu, det.nv, k);
        expect(Math.hypot(a.u - b.u, a.v - b.v)).toBeLessThan(0.1);
      });
    }
  });

  it('correlates ≥ 0.99 with the reference forward in every view', async () => {
    const vol = blobVolume(dims, [
      { c: [c[0] + 9, c[1] - 6, c[2] + 5], sigmaPx: 1.2, amplitude: 1 },
      { c: [c[0] - 8, c[1] + 7, c[2] - 4], sigmaPx: 2.5, amplitude: 0.7 },
      { c: [c[0] + 2, c[1] + 9, c[2] + 1], sigmaPx: 1, amplitude: -0.5 },
    ]);
    const g = fullGeometry(angles);
    const ref = await createReferenceProjector(g, dims, det).forward(vol);
    const jos = await createJosephProjector(g, dims, det).forward(vol);
    const n = det.nu * det.nv;
    g.views.forEach((_, k) => {
      const r = correlation(ref.subarray(k * n, (k + 1) * n), jos.subarray(k * n, (k + 1) * n));
      expect(r).toBeGreaterThanOrEqual(0.99);
    });
  });
});

describe('Joseph adjoint and Projector contract', () => {
  const angles = [-57, -31, -4, 0, 12.5, 33, 60];
  const geometry = fullGeometry(angles);
  geometry.views.push({ angleDeg: 10, xTiltDeg: 70, shiftXPx: 0.7 }); // marches along y
  const vol = { nx: 23, ny: 19, nz: 11 };
  const det = { nu: 25, nv: 21 };
  const nviews = geometry.views.length;

  it('⟨Ax, y⟩ = ⟨x, Aᵀy⟩ for random x, y (relative error < 1e-4)', async () => {
    const p = createJosephProjector(geometry, vol, det);
    const rnd = seeded(7);
    const x = Float32Array.from({ length: vol.nx * vol.ny * vol.nz }, rnd);
    const y = Float32Array.from({ length: det.nu * det.nv * nviews }, rnd);
    const lhs = dot(await p.forward(x), y);
    const rhs = dot(x, await p.back(y));
    expect(Math.abs(lhs)).toBeGreaterThan(1);
    expect(Math.abs(lhs - rhs) / Math.abs(lhs)).toBeLessThan(1e-4);
  });

  it('honours view subsets: other views of out untouched, back reads only the subset', async () => {
    const p = createJosephProjector(geometry, vol, det);
    const rnd = seeded(11);
    const x = Float32Array.from({ length: vol.nx * vol.ny * vol.nz }, rnd);
    const y = Float32Array.from({ length: det.nu * det.nv * nviews }, rnd);
    const plane = det.nu * det.nv;
    const out = new Float32Array(y.length).fill(5);
    const subset = [1, 6, 7];
    await p.forward(x, out, subset);
    expect(out[plane * 2 + 3]).toBe(5);
    const full = await p.forward(x);
    for (const k of subset)
      expect(out.subarray(k * plane, (k + 1) * plane)).toEqual(full.subarray(k * plane, (k + 1) * plane));
    const ySub = new Float32Array(y.length);
    for (const k of subset) ySub.set(y.subarray(k * plane, (k + 1) * plane), k * plane);
    const a = await p.back(y, undefined, subset);
    const b = await p.back(ySub);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
  });

  it('reports progress, cancels with a WedgeLabError and checks lengths', async () => {
    const p = createJosephProjector(geometry, vol, det);
    const seen: number[] = [];
    await p.forward(new Float32Array(vol.nx * vol.ny * vol.nz), undefined, undefined, {
      onProgress: (f) => seen.push(f),
    });
    expect(seen.at(-1)).toBe(1);
    const ac = new AbortController();
    ac.abort();
    await expect(
      p.forward(new Float32Array(vol.nx * vol.ny * vol.nz), undefined, undefined, { signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    await expect(p.forward(new Float32Array(7))).rejects.toMatchObject({ code: 'mismatch' });
    await expect(p.back(new Float32Array(7))).rejects.toMatchObject({ code: 'mismatch' });
    expect(p.device).toBe('cpu-joseph');
  });
});
