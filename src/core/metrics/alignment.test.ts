import { describe, expect, it } from 'vitest';
import { composeInPlane, rotationInPlane, type InPlaneXf } from '../geometry/index.ts';
import { alignmentError } from './alignment.ts';

const shift = (dx: number, dy: number): InPlaneXf => ({ a11: 1, a12: 0, a21: 0, a22: 1, dxPx: dx, dyPx: dy });
const dims = { nu: 64, nv: 48 };

describe('alignmentError', () => {
  it('is zero for the true transforms and equals a pure shift error in px', () => {
    const truth = [rotationInPlane(84, 3, -2), rotationInPlane(85, -1, 4), rotationInPlane(86, 0.5, 0)];
    expect(alignmentError(truth, truth, dims).rmsPx).toBeLessThan(1e-9);
    // estimates off by (3,4) px in the aligned frame for view 1 only: 5 px there, 0 elsewhere
    const est = truth.map((t, k) => (k === 1 ? composeInPlane(t, shift(3, 4)) : t));
    const r = alignmentError(est, truth, dims);
    expect(r.perViewPx[0]).toBeLessThan(1e-9);
    expect(r.perViewPx[1]).toBeCloseTo(5, 9);
    expect(r.worstView).toBe(1);
    expect(r.rmsPx).toBeCloseTo(5 / Math.sqrt(3), 9);
  });

  it('separates a common offset (moves the tomogram) from view-to-view error (blurs it)', () => {
    const truth = [shift(1, 2), shift(-3, 0), shift(2, 2)];
    const est = truth.map((t) => composeInPlane(t, shift(2, -1)));
    const r = alignmentError(est, truth, dims);
    expect(r.rmsPx).toBeCloseTo(Math.sqrt(5), 9);
    expect(r.commonShiftPx[0]).toBeCloseTo(2, 9);
    expect(r.commonShiftPx[1]).toBeCloseTo(-1, 9);
    expect(r.rmsRelativePx).toBeLessThan(1e-9);
  });

  it('grows with the distance from the centre for a rotation error', () => {
    const truth = [rotationInPlane(0)];
    const small = alignmentError([rotationInPlane(0.5)], truth, dims).rmsPx;
    const large = alignmentError([rotationInPlane(1)], truth, dims).rmsPx;
    expect(small).toBeGreaterThan(0.05);
    expect(large / small).toBeCloseTo(2, 2);
  });

  it('refuses lists of different lengths with one line', () => {
    expect(() => alignmentError([shift(0, 0)], [shift(0, 0), shift(1, 1)], dims)).toThrow(
      /1 estimated transforms but 2 true ones/,
    );
  });
});
