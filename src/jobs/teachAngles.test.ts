import { describe, expect, it } from 'vitest';
import { teachAngles } from './teachAngles.ts';

describe('teachAngles', () => {
  it('keeps the multiples of the step and adds the ends the step misses', () => {
    expect(teachAngles(-60, 60, 3)).toHaveLength(41);
    const a = teachAngles(-80, 80, 3);
    expect(a.slice(0, 3)).toEqual([-80, -78, -75]);
    expect(a.slice(-3)).toEqual([75, 78, 80]);
    expect(a).toHaveLength(55);
    expect(teachAngles(-90, 90, 30)).toEqual([-90, -60, -30, 0, 30, 60, 90]);
    expect(() => teachAngles(-91, 90, 3)).toThrow(/choose −90 ≤ min ≤ max ≤ 90/);
  });
});
