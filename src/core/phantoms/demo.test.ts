import { describe, expect, it } from 'vitest';
import { demoTiltAngles, generateDemoTiltSeries } from './demo.ts';

describe('demo tilt series', () => {
  it('is 128 × 128 × 41 at ±60° in 3° steps', () => {
    const ts = generateDemoTiltSeries();
    expect([ts.nx, ts.ny, ts.nviews]).toEqual([128, 128, 41]);
    expect(ts.views.map((v) => v.angleDeg)).toEqual(demoTiltAngles());
    expect(ts.views[0].angleDeg).toBe(-60);
    expect(ts.views[40].angleDeg).toBe(60);
    expect(ts.data.every(Number.isFinite)).toBe(true);
  });

  it('is deterministic, and views differ with the angle', () => {
    const a = generateDemoTiltSeries({ size: 32 });
    const b = generateDemoTiltSeries({ size: 32 });
    expect(a.data).toEqual(b.data);
    const plane = 32 * 32;
    const mean = (v: number) =>
      a.data.subarray(v * plane, (v + 1) * plane).reduce((s, x) => s + x, 0) / plane;
    // more ice in the beam at high tilt: darker views
    expect(mean(0)).toBeLessThan(mean(20));
  });
});
