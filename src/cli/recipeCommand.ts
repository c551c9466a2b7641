// Running a recipe from a command: a Node host around runRecipe, disposed whatever happens, and the complete
// recipe of the run saved when asked (--save-recipe, every pipeline command takes it).
import type { Recipe, RunOptions, RunResult } from '../pipeline/index.ts';
import { version } from './version.ts';
import { createNodeHost } from './nodeHost.ts';
import { writeRecipeFile } from './recipeFiles.ts';
import type { CommandContext, OptionSpec } from './spec.ts';

export const saveRecipeOption: OptionSpec = {
  name: 'save-recipe',
  type: 'string',
  valueName: 'R.json',
  help: 'also write the complete recipe of this run (defaults filled in) for `wedgelab run`',
};

export async function runWithNodeHost(
  recipe: Recipe,
  ctx: CommandContext,
  label: string,
  opts: RunOptions = {},
  saveRecipe?: string,
): Promise<RunResult> {
  const { runRecipe } = await import('../pipeline/index.ts');
  const host = createNodeHost(ctx, version(), label);
  try {
    const r = await runRecipe(recipe, host, opts);
    if (saveRecipe) await writeRecipeFile(saveRecipe, r.recipe);
    return r;
  } finally {
    await host.dispose();
  }
}
