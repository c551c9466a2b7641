import { describe, expect, it } from 'vitest';
import { misalignedSeries } from '../testing.testutil.ts';
import { closePeaksWarning, halfTurn, searchTiltAxis } from './searchAxis.ts';

// 128² shapes, nz 64, ±60° in 3° steps, shifts sd 3 px, seed 3. The bounds are the measured errors
// (shown in each test) with margin.
const series = (axisErrorDeg: number, doseEA2?: number) =>
  misalignedSeries({ size: 128, nz: 64, stepDeg: 3, axisErrorDeg, doseEA2 });

describe('searchTiltAxis', () => {
  it('finds the axis near the header angle, noise-free (measured error 0.01°)', async () => {
    const { input } = await series(1.5);
    const r = await searchTiltAxis(input, { hintDeg: 0 });
    expect(Math.abs(r.axisRotationDeg - 1.5)).toBeLessThan(0.15);
    expect(r.warnings).toEqual([]);
    expect(r.ambiguity180).toMatch(/nearest the header's 0°/);
    // the plotted score: ascending angles over the hint ± 10°, highest within a degree of the answer
    expect(r.scores[0].angleDeg).toBe(-10);
    expect(r.scores[r.scores.length - 1].angleDeg).toBe(10);
    for (let i = 1; i < r.scores.length; i++)
      expect(r.scores[i].angleDeg).toBeGreaterThan(r.scores[i - 1].angleDeg);
    const best = r.scores.reduce((b, p) => (p.score > b.score ? p : b));
    expect(Math.abs(best.angleDeg - r.axisRotationDeg)).toBeLessThan(1);
    expect(best.score).toBeGreaterThan(0.9);
  });

  it('finds it in a noisy series (10 e/Å² per view; measured error 0.24°)', async () => {
    const { input } = await series(1.5, 10);
    const r = await searchTiltAxis(input, { hintDeg: 0 });
    expect(Math.abs(r.axisRotationDeg - 1.5)).toBeLessThan(0.6);
  });

  // measured errors: 0.01°, 0.22°, 0.59°
  it.each([
    [85, 'noise-free', undefined, 0.3],
    [-12, 'noise-free', undefined, 0.5],
    [-12, '10 e/Å² per view', 10, 1.2],
  ] as const)('finds %s° without a header angle (%s)', async (truth, _label, dose, bound) => {
    const { input } = await series(truth, dose);
    const r = await searchTiltAxis(input);
    expect(Math.abs(r.axisRotationDeg - truth)).toBeLessThan(bound);
    expect(r.coarseScores).toHaveLength(90);
    expect(r.ambiguity180).toMatch(/no header angle, so kept .* \(in −90°…90°\)/);
    expect(r.ambiguity180).toMatch(/axisRotated180/);
  });

  it('keeps the 180° twin nearest the header angle', async () => {
    const { input } = await series(1.5);
    const r = await searchTiltAxis(input, { hintDeg: 181.5 });
    expect(Math.abs(r.axisRotationDeg - 181.5)).toBeLessThan(0.15);
    expect(r.ambiguity180).toMatch(/kept 181\.\d+°, the one nearest the header's 181\.5°/);
  });

  it('says so when the best angle is at the edge of the searched range', async () => {
    const { input } = await series(1.5);
    const r = await searchTiltAxis(input, { hintDeg: 8, rangeDeg: 5 });
    expect(r.warnings.join(' ')).toMatch(/edge of the search \(header 8° ± 5°\).*search without it/);
  });

  it('reports progress and stops on cancel', async () => {
    const { input } = await series(1.5);
    const seen: number[] = [];
    await searchTiltAxis(input, { hintDeg: 0 }, { onProgress: (f) => seen.push(f) });
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    const ac = new AbortController();
    ac.abort();
    await expect(searchTiltAxis(input, {}, { signal: ac.signal })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('refuses too few views and a bad range in one line', async () => {
    const { input } = await series(1.5);
    const plane = input.det.nu * input.det.nv;
    const two = { ...input, data: input.data.slice(0, 2 * plane), anglesDeg: input.anglesDeg.slice(0, 2) };
    await expect(searchTiltAxis(two)).rejects.toThrow(
      /only 2 usable views; the tilt-axis search needs at least 3/,
    );
    await expect(searchTiltAxis(input, { hintDeg: 0, rangeDeg: 0 })).rejects.toMatchObject({
      code: 'bad-argument',
    });
  });
});

describe('closePeaksWarning', () => {
  const curve = (f: (a: number) => number, from = -10, to = 10) =>
    Array.from({ length: (to - from) * 2 + 1 }, (_, i) => ({
      angleDeg: from + i / 2,
      score: f(from + i / 2),
    }));
  const bump = (a: number, c: number, h: number) => h * Math.exp(-((a - c) ** 2) / 2);

  it('names both angles and scores when two separate peaks are nearly as high', () => {
    const w = closePeaksWarning(curve((a) => bump(a, -5, 1) + bump(a, 4, 0.9)));
    expect(w).toMatch(/two close peaks: -5° \(1\.0000\) and 4° \(0\.9000\)/);
  });

  it('stays quiet for a lower second peak, a shoulder, or a rise at the scan’s end', () => {
    expect(closePeaksWarning(curve((a) => bump(a, -5, 1) + bump(a, 4, 0.5)))).toBeNull();
    // a shoulder: a second maximum (0.905 at 10°) as high as a peak, but only 0.005 above the dip before it
    const scores = [0, 0.5, 0.8, 1, 0.96, 0.93, 0.91, 0.9, 0.905, 0.7, 0.3, 0];
    const shoulder = scores.map((score, i) => ({ angleDeg: 2 * i - 6, score }));
    expect(closePeaksWarning(shoulder)).toBeNull();
    // the same second maximum after a real dip is a peak
    const dipped = shoulder.map((p) => (p.angleDeg === 6 || p.angleDeg === 8 ? { ...p, score: 0.5 } : p));
    expect(closePeaksWarning(dipped)).toMatch(/0° \(1\.0000\) and 10° \(0\.9050\)/);
    expect(closePeaksWarning(curve((a) => bump(a, -3, 1) + 0.1 * a))).toBeNull();
  });

  it('wraps a 180° scan around', () => {
    const pts = Array.from({ length: 90 }, (_, i) => {
      const a = -90 + 2 * i;
      // peaks at 88° and −84°: 8° apart across the wrap, with a dip between
      return { angleDeg: a, score: bump(a, 88, 1) + bump(a, -84, 0.95) };
    });
    expect(closePeaksWarning(pts, 180)).toMatch(/88° \(.*\) and -84°/);
  });
});

describe('halfTurn', () => {
  it('maps an angle to (−90°, 90°]', () => {
    expect(halfTurn(95)).toBe(-85);
    expect(halfTurn(-95)).toBe(85);
    expect(halfTurn(90)).toBe(90);
    expect(halfTurn(-90)).toBe(90);
    expect(halfTurn(181.5)).toBeCloseTo(1.5, 12);
  });
});
