import { describe, expect, it } from 'vitest';
import { parseRecipe, RECIPE_VERSION } from '../recipe/index.ts';
import { unalignedWarning } from './halfSet.ts';

const recipe = (input: Record<string, string>, align = 'none') =>
  parseRecipe({ wedgelab: RECIPE_VERSION, input: { stack: 'ts.mrc', ...input }, align: { method: align } });

describe('unalignedWarning', () => {
  it('warns when nothing aligns the views, and not when an align step or an .xf does', () => {
    expect(unalignedWarning(recipe({}))).toMatch(/both halves share the drift/);
    expect(unalignedWarning(recipe({}, 'xcorr'))).toBeNull();
    expect(unalignedWarning(recipe({ xf: 'ts.xf' }))).toBeNull();
  });
});
