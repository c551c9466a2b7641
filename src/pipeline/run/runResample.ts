// The aligned stack alone, from transforms already known (input.xf): load → read → resample → write
// export.alignedStack. What the page runs for an alignment it holds (with its nudges), where aligning again
// would lose them; `wedgelab align --aligned-out` writes the same file after aligning.
import { WedgeLabError } from '../../core/errors.ts';
import { resolveRecipe, type Recipe } from '../recipe/index.ts';
import { writeAlignedStack } from '../steps/alignedStack.ts';
import { loadSeries } from '../steps/load.ts';
import { readWholeStack } from '../steps/reconstructWhole.ts';
import type { Host } from './host.ts';

export async function runResampleRecipe(
  input: Recipe,
  host: Host,
): Promise<{ file: string; nviews: number }> {
  const recipe = resolveRecipe(input, (w) => host.warn(w));
  const path = recipe.export.alignedStack;
  if (!path || !recipe.input.xf) {
    throw new WedgeLabError(
      'bad-argument',
      'an aligned stack needs the transforms (input.xf) and export.alignedStack',
    );
  }
  const s = await loadSeries(recipe, host);
  const data = await readWholeStack(s, host, { from: 0, to: 0.5 });
  const file = await writeAlignedStack(path, s, s.geometry, data, host);
  host.progress?.({ fraction: 1, stage: 'written' });
  return { file, nviews: s.nviews };
}
