import { describe, expect, it } from 'vitest';
import { removeRigidPart } from './measure.ts';

describe('removeRigidPart', () => {
  const anglesDeg = Array.from({ length: 41 }, (_, i) => -60 + 3 * i);
  const rad = (a: number) => (a * Math.PI) / 180;

  it('removes exactly a rigid translation of the specimen (X0 cos θ + Z0 sin θ, Y0)', () => {
    const wiggle = anglesDeg.map((a, i) => [0.3 * Math.sin(5 * rad(a)) + 0.1 * (i % 3), 0.2 * (i % 2)]);
    // make the wiggle itself free of any rigid part first
    const base = wiggle.map(([x, y]) => [x, y] as [number, number]);
    removeRigidPart(base, anglesDeg);
    const moved = base.map(
      ([x, y], i) =>
        [x + 2.5 * Math.cos(rad(anglesDeg[i])) - 1.5 * Math.sin(rad(anglesDeg[i])), y + 0.7] as [
          number,
          number,
        ],
    );
    removeRigidPart(moved, anglesDeg);
    moved.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(base[i][0], 10);
      expect(y).toBeCloseTo(base[i][1], 10);
    });
    // and what is left has no rigid part: the mean y is 0 and the x part is orthogonal to cos and sin
    const dot = (f: (a: number) => number) => base.reduce((s, [x], i) => s + x * f(rad(anglesDeg[i])), 0);
    expect(dot(Math.cos)).toBeCloseTo(0, 10);
    expect(dot(Math.sin)).toBeCloseTo(0, 10);
    expect(base.reduce((s, [, y]) => s + y, 0)).toBeCloseTo(0, 10);
  });
});
