import { describe, expect, it } from 'vitest';
import { hasSharedData } from '../../testing/sharedData.ts';
import { readSharedText, thrown } from './testHelpers.ts';
import {
  applyXf,
  composeXf,
  formatXf,
  identityXf,
  invertXf,
  makeXf,
  parseXf,
  xfMagnification,
  xfRotationDeg,
  type XfTransform,
} from './xf.ts';

const closeXf = (a: XfTransform, b: XfTransform, tol = 1e-9) => {
  for (const k of ['a11', 'a12', 'a21', 'a22', 'dxPx', 'dyPx'] as const)
    expect(Math.abs(a[k] - b[k])).toBeLessThan(tol);
};

describe.skipIf(!hasSharedData)('parseXf / formatXf on real IMOD files', () => {
  it('reads BBa.xf like a plain split and writes it back byte for byte', () => {
    const text = readSharedText('imod/uitestData_BB/BBa.xf');
    const rows = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.trim().split(/\s+/).map(Number));
    const xfs = parseXf(text, 'BBa.xf');
    expect(xfs).toHaveLength(61);
    expect(rows).toHaveLength(61);
    xfs.forEach((t, k) => expect([t.a11, t.a12, t.a21, t.a22, t.dxPx, t.dyPx]).toEqual(rows[k]));
    expect(xfs[0]).toEqual({
      a11: 0.9787406,
      a12: -0.1898027,
      a21: 0.1861717,
      a22: 0.9824202,
      dxPx: -20.199,
      dyPx: 1.22,
    });
    expect(formatXf(xfs)).toBe(text);
  });

  it('writes BBb.xf back byte for byte', () => {
    const text = readSharedText('imod/uitestData_BB/BBb.xf');
    expect(formatXf(parseXf(text, 'BBb.xf'))).toBe(text);
  });

  it('finds the ~11° in-plane rotation and unit magnification of the BBa alignment', () => {
    const first = parseXf(readSharedText('imod/uitestData_BB/BBa.xf'), 'BBa.xf')[0];
    // Independent: for a near-similarity matrix the rotation is also atan2(a21, a11).
    expect(xfRotationDeg(first)).toBeCloseTo((Math.atan2(0.1861717, 0.9787406) * 180) / Math.PI, 0);
    expect(xfRotationDeg(first)).toBeGreaterThan(10);
    expect(xfRotationDeg(first)).toBeLessThan(12);
    expect(xfMagnification(first)).toBeCloseTo(Math.sqrt(0.9787406 * 0.9824202 + 0.1898027 * 0.1861717), 12);
  });
});

describe('xf algebra', () => {
  const a = makeXf(30, 1.05, 12.5, -3);
  const b: XfTransform = { a11: 0.98, a12: -0.21, a21: 0.19, a22: 1.01, dxPx: -20.199, dyPx: 1.22 };

  it('rotates counter-clockwise: 90° takes +x to +y', () => {
    const p = applyXf({ xPx: 1, yPx: 0 }, makeXf(90));
    expect(p.xPx).toBeCloseTo(0, 12);
    expect(p.yPx).toBeCloseTo(1, 12);
  });

  it('recovers rotation and magnification of a scaled rotation', () => {
    expect(xfRotationDeg(a)).toBeCloseTo(30, 10);
    expect(xfMagnification(a)).toBeCloseTo(1.05, 12);
    expect(xfRotationDeg(makeXf(-170))).toBeCloseTo(-170, 10);
  });

  it('composes in application order and inverts', () => {
    const p = { xPx: 17, yPx: -40 };
    const viaCompose = applyXf(p, composeXf(a, b));
    const stepwise = applyXf(applyXf(p, a), b);
    expect(viaCompose.xPx).toBeCloseTo(stepwise.xPx, 10);
    expect(viaCompose.yPx).toBeCloseTo(stepwise.yPx, 10);
    closeXf(composeXf(b, invertXf(b)), identityXf());
    closeXf(composeXf(invertXf(b), b), identityXf());
    const back = applyXf(applyXf(p, b), invertXf(b));
    expect(back.xPx).toBeCloseTo(p.xPx, 10);
    expect(back.yPx).toBeCloseTo(p.yPx, 10);
  });

  it('works about the given centre: a pure rotation leaves the centre fixed', () => {
    const centre = { xPx: 256, yPx: 256 };
    const c = applyXf(centre, makeXf(37), centre);
    expect(c.xPx).toBeCloseTo(256, 10);
    expect(c.yPx).toBeCloseTo(256, 10);
    const shifted = applyXf({ xPx: 300, yPx: 256 }, makeXf(0, 1, 5, -2), centre);
    expect(shifted).toEqual({ xPx: 305, yPx: 254 });
  });

  it('refuses to invert a singular matrix', () => {
    const e = thrown(() => invertXf({ a11: 1, a12: 2, a21: 2, a22: 4, dxPx: 0, dyPx: 0 }));
    expect(e.code).toBe('bad-argument');
  });
});

describe('parseXf tolerances and errors', () => {
  it('round-trips to the written precision', () => {
    const xfs = [
      makeXf(12.3456789, 0.998, -123.4567, 89.0004),
      identityXf(),
      makeXf(-84.2, 1.01, 0.0004, -0.0006),
    ];
    const back = parseXf(formatXf(xfs), 'r.xf');
    back.forEach((t, k) => {
      for (const key of ['a11', 'a12', 'a21', 'a22'] as const)
        expect(Math.abs(t[key] - xfs[k][key])).toBeLessThanOrEqual(5e-8);
      for (const key of ['dxPx', 'dyPx'] as const)
        expect(Math.abs(t[key] - xfs[k][key])).toBeLessThanOrEqual(5e-4);
    });
  });

  it('reads fixed columns when wide shifts touch', () => {
    const line = formatXf([{ a11: 1, a12: 0, a21: 0, a22: 1, dxPx: -1234567.891, dyPx: -7654321.125 }]);
    expect(line).toContain('-1234567.891-7654321.125');
    expect(parseXf(line, 'wide.xf')[0]).toEqual({
      a11: 1,
      a12: 0,
      a21: 0,
      a22: 1,
      dxPx: -1234567.891,
      dyPx: -7654321.125,
    });
  });

  it('names file and line of a short or non-numeric line', () => {
    const good = formatXf([identityXf()]);
    const e = thrown(() => parseXf(good + good + '1 0 0 1 0\n', 'TS_01.xf'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('TS_01.xf line 3');
    expect(thrown(() => parseXf('1 0 0 1 a 0\n', 'b.xf')).message).toContain('b.xf line 1');
  });

  it('calls an empty file truncated', () => {
    const e = thrown(() => parseXf('\n\n', 'empty.xf'));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('empty.xf');
  });
});
