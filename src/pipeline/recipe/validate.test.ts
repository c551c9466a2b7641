import { describe, expect, it } from 'vitest';
import { parseRecipe, parseRecipeText } from './validate.ts';
import { resolveRecipe } from './resolve.ts';

const base = { wedgelab: 'recipe/1', input: { stack: 'ts.mrc' } };
const err = (j: unknown) => {
  try {
    parseRecipe(j, 'R.json');
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('recipe validation: one line naming the field path and its flag', () => {
  it('out of range', () => {
    expect(err({ ...base, reconstruct: { thicknessPx: -3 } })).toBe(
      'R.json: reconstruct.thicknessPx (--thickness): must be a whole number ≥ 1, got -3',
    );
    expect(err({ ...base, reconstruct: { relaxation: 0 } })).toBe(
      'R.json: reconstruct.relaxation (--relaxation): must be > 0, got 0',
    );
    expect(err({ ...base, reconstruct: { bin: 65 } })).toBe(
      'R.json: reconstruct.bin (--bin): must be ≤ 64, got 65',
    );
  });

  it('unknown fields are refused, with the known ones', () => {
    expect(err({ ...base, reconstruct: { lambda: 1 } })).toMatch(
      /^R.json: unknown field reconstruct.lambda; known fields here: method, thicknessPx, .*tvWeight/,
    );
    expect(err({ ...base, extra: 1 })).toMatch(/^R.json: unknown field extra;/);
  });

  it('another version, or none', () => {
    expect(err({ ...base, wedgelab: 'recipe/2' })).toMatch(
      /^R.json is "recipe\/2"; this WedgeLab reads "wedgelab": "recipe\/1"/,
    );
    expect(err({ input: { stack: 'a' } })).toMatch(/has no "wedgelab" version field/);
    expect(() => parseRecipeText('{', 'R.json')).toThrow(/^R.json: not JSON/);
  });

  it('wrong types and choices', () => {
    expect(err({ ...base, reconstruct: { method: 'fbp' } })).toBe(
      'R.json: reconstruct.method (--method): must be one of "wbp", "sirt", "sart", "tv", "cn", got "fbp"',
    );
    expect(err({ ...base, reconstruct: { bin: 'two' } })).toBe(
      'R.json: reconstruct.bin (--bin): must be a number, got "two"',
    );
    expect(err({ wedgelab: 'recipe/1' })).toBe('R.json: input: missing; it is required');
  });
});

describe('resolveRecipe: each method its own defaults', () => {
  it('SART gets 5 iterations, never SIRT’s; fields another method uses are dropped with a warning', () => {
    const warnings: string[] = [];
    const r = resolveRecipe(parseRecipe({ ...base, reconstruct: { method: 'sart', filter: 'ramp' } }), (w) =>
      warnings.push(w),
    );
    expect(r.reconstruct.iterations).toBe(5);
    expect(r.reconstruct.filter).toBeUndefined();
    expect(warnings).toEqual(['reconstruct.filter (--filter) does not apply to sart; ignored']);
    const w = resolveRecipe(parseRecipe(base));
    expect(w.reconstruct.filter).toBe('radial:0.35,0.035');
    expect(w.reconstruct.iterations).toBeUndefined();
  });
});
