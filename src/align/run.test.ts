// The aligners behind one entry: the axis search feeds the stages after it, and its notes and scores come out.
import { describe, expect, it } from 'vitest';
import { runAlignment } from './run.ts';
import { misalignedSeries } from './testing.testutil.ts';

describe('runAlignment', () => {
  it('with axisSearch finds the axis from a wrong header angle and aligns with it', async () => {
    const { input, error } = await misalignedSeries({ size: 96, axisErrorDeg: 6 });
    const r = await runAlignment({ ...input, axisRotationDeg: 0 }, { method: 'xcorr', axisSearch: true });
    expect(Math.abs(r.axisRotationDeg - 6)).toBeLessThan(0.5);
    expect(r.axisSearch?.scores.length).toBeGreaterThan(10);
    expect(r.offsetSearch?.applied).toBe(false);
    expect(r.warnings.some((w) => /^tilt axis .* by common lines/.test(w))).toBe(true);
    expect(error(r).rmsRigidPx!).toBeLessThan(0.6);
    const wrong = await runAlignment({ ...input, axisRotationDeg: 0 }, { method: 'xcorr' });
    expect(error(wrong).rmsRigidPx!).toBeGreaterThan(error(r).rmsRigidPx! + 0.3);
  });

  it('runs xcorr first, then pm from it: pm lowers the error and says so in its method', async () => {
    const { input, error } = await misalignedSeries({ size: 96, doseEA2: 10 });
    const x = await runAlignment(input, { method: 'xcorr' });
    const pm = await runAlignment(input, { method: 'pm' });
    expect(pm.method).toBe('pm');
    expect(error(pm).rmsRigidPx!).toBeLessThan(error(x).rmsRigidPx!);
  });
});
