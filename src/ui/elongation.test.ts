import { describe, expect, it } from 'vitest';
import { elongationFactor } from './elongation.ts';

describe('elongationFactor', () => {
  it('is 1 at ±90°, 1.55 at ±60° and grows as the range narrows', () => {
    expect(elongationFactor(90)).toBeCloseTo(1, 9);
    expect(elongationFactor(60)).toBeCloseTo(1.55, 2);
    expect(elongationFactor(45)).toBeCloseTo(2.1, 1);
    expect(elongationFactor(30)).toBeGreaterThan(elongationFactor(45));
  });
});
