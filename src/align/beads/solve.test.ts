import { describe, expect, it } from 'vitest';
import { applyInPlane, invertInPlane, rotationInPlane } from '../../core/geometry/index.ts';
import { Rng } from '../../core/phantoms/index.ts';
import { fitBeadModel, predictRaw } from './fit.ts';
import { solveFixedAxis, type ModelInput, type Observation } from './solve.ts';

const det = { nu: 200, nv: 180 };
const angles = Array.from({ length: 31 }, (_, k) => -60 + 4 * k);

/** Exact raw positions of random beads through known .xf transforms (the simulator's convention). */
function synthetic(axisDeg: number, noisePx = 0, seed = 5) {
  const rng = new Rng(seed);
  const beads = Array.from(
    { length: 12 },
    () => [rng.uniform(-70, 70), rng.uniform(-70, 70), rng.uniform(-25, 25)] as [number, number, number],
  );
  const shifts = angles.map(() => [4 * rng.normal(), 4 * rng.normal()] as [number, number]);
  const observations: Observation[] = [];
  angles.forEach((a, view) => {
    const inv = invertInPlane(rotationInPlane(-axisDeg, ...shifts[view]));
    const t = (a * Math.PI) / 180;
    beads.forEach(([X, Y, Z], bead) => {
      const u = (det.nu - 1) / 2 + X * Math.cos(t) + Z * Math.sin(t);
      const v = (det.nv - 1) / 2 + Y;
      const [xPx, yPx] = applyInPlane(inv, det, u, v);
      observations.push({ bead, view, xPx: xPx + noisePx * rng.normal(), yPx: yPx + noisePx * rng.normal() });
    });
  });
  const input: ModelInput = { det, anglesDeg: angles, nBeads: beads.length, observations };
  return { input, beads, shifts };
}

/** The specimen translation (X0, Z0, Y0) that best explains per-view shifts d. */
function translationOf(d: [number, number][]): [number, number, number] {
  const dx = d.map((v) => v[0]);
  const y0 = d.reduce((s, v) => s + v[1], 0) / d.length;
  // least-squares X0, Z0 of dx ≈ X0 cos θ + Z0 sin θ
  let cc = 0,
    cs = 0,
    ss = 0,
    ce = 0,
    se = 0;
  angles.forEach((a, k) => {
    const c = Math.cos((a * Math.PI) / 180);
    const s = Math.sin((a * Math.PI) / 180);
    cc += c * c;
    cs += c * s;
    ss += s * s;
    ce += c * dx[k];
    se += s * dx[k];
  });
  const det = cc * ss - cs * cs;
  return [(ce * ss - se * cs) / det, (se * cc - ce * cs) / det, y0];
}

/** Largest difference after removing the best 3D translation (the gauge no fiducial fixes). */
function shiftErrorPx(est: ([number, number] | null)[], truth: [number, number][]): number {
  const dx = truth.map((t, k) => est[k]![0] - t[0]);
  const dy = truth.map((t, k) => est[k]![1] - t[1]);
  const [x0, z0, y0] = translationOf(truth.map((_, k) => [dx[k], dy[k]]));
  return Math.max(
    ...angles.map((a, k) => {
      const t = (a * Math.PI) / 180;
      return Math.hypot(dx[k] - x0 * Math.cos(t) - z0 * Math.sin(t), dy[k] - y0);
    }),
  );
}

describe('bead model', () => {
  it('recovers shifts and bead positions exactly from exact projections at the true axis', () => {
    const { input, beads, shifts } = synthetic(7);
    const m = solveFixedAxis(
      input,
      7,
      input.observations.map(() => true),
    );
    expect(m.rmsPx).toBeLessThan(1e-6);
    expect(shiftErrorPx(m.shiftsPx, shifts)).toBeLessThan(1e-6);
    // bead positions agree up to one common translation
    const off = m.positionsPx[0]!.map((v, i) => v - beads[0][i]);
    for (let b = 0; b < beads.length; b++)
      for (let i = 0; i < 3; i++) expect(m.positionsPx[b]![i] - beads[b][i]).toBeCloseTo(off[i], 5);
    // and predictRaw puts each bead back where it was observed
    for (const ob of input.observations.slice(0, 40)) {
      const [x, y] = predictRaw(det, 7, angles[ob.view], m.positionsPx[ob.bead]!, m.shiftsPx[ob.view]!);
      expect(Math.hypot(x - ob.xPx, y - ob.yPx)).toBeLessThan(1e-6);
    }
  });

  it('the gauge gives the smallest shifts: no specimen translation is left in them', () => {
    const { input } = synthetic(0);
    const m = solveFixedAxis(
      input,
      0,
      input.observations.map(() => true),
    );
    const [x0, z0, y0] = translationOf(m.shiftsPx as [number, number][]);
    expect(Math.hypot(x0, z0, y0)).toBeLessThan(1e-9);
    const raw = translationOf(
      m.shiftsPx.map((d, k) => [d![0] + 3 * Math.cos((angles[k] * Math.PI) / 180), d![1]]),
    );
    expect(raw[0]).toBeCloseTo(3, 9);
  });

  it('finds the tilt-axis angle, and a wrong fixed angle leaves a residual', () => {
    const { input, shifts } = synthetic(-3.2, 0.2);
    const wrong = solveFixedAxis(
      input,
      0,
      input.observations.map(() => true),
    );
    const m = fitBeadModel(input, { axisRotationDeg: 0, fitAxis: true });
    expect(wrong.rmsPx).toBeGreaterThan(2.5 * m.rmsPx);
    expect(Math.abs(m.axisRotationDeg + 3.2)).toBeLessThan(0.05);
    expect(m.rmsPx).toBeLessThan(0.35);
    expect(shiftErrorPx(m.shiftsPx, shifts)).toBeLessThan(0.3);
  });

  it('rejects grossly wrong observations and fits the rest', () => {
    const { input, shifts } = synthetic(2, 0.1);
    const bad = [5, 77, 150, 290];
    const observations = input.observations.map((o, i) =>
      bad.includes(i) ? { ...o, xPx: o.xPx + 9, yPx: o.yPx - 6 } : o,
    );
    const m = fitBeadModel({ ...input, observations }, { axisRotationDeg: 2, fitAxis: false });
    for (const i of bad) expect(m.used[i]).toBe(false);
    expect(m.used.filter((u) => !u).length).toBeLessThan(bad.length + 4);
    expect(shiftErrorPx(m.shiftsPx, shifts)).toBeLessThan(0.15);
  });
});
