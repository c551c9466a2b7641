// wedgelab run R.json [--input TS.mrc] [--out DIR]: replays a saved recipe (wedgelab reconstruct
// --save-recipe, or the page's Save recipe), optionally on another series; Snakemake calls this per series.
import { basename } from 'node:path';
import { WedgeLabError } from '../../core/errors.ts';
import { readRecipeFile } from '../recipeFiles.ts';
import { recipeFromArgs, recipeOptions } from '../recipeFlags.ts';
import { runWithNodeHost, saveRecipeOption } from '../recipeCommand.ts';
import { runReport } from '../runReport.ts';
import type { CommandArgs, CommandSpec, OptionSpec } from '../spec.ts';
import type { Recipe } from '../../pipeline/index.ts';

/** Per-machine overrides a replay may take; the science stays as the recipe says. */
const MACHINE_FLAGS = ['tilts', 'xf', 'device', 'threads', 'max-memory'];

export const replayOptions: OptionSpec[] = [
  {
    name: 'input',
    type: 'string',
    valueName: 'TS.mrc',
    help: 'run on this stack instead of the recipe’s (its size check is dropped; give its --tilts/--xf too)',
  },
  ...recipeOptions(['input', 'device']).filter((o) => MACHINE_FLAGS.includes(o.name)),
];

/** `stem` of TS.mrc / TS.st / TS.mrc.gz */
export const stemOf = (path: string): string =>
  basename(path).replace(/(\.(mrc|st|ali|map))?(\.(gz|bz2))?$/i, '');

export async function replayRecipe(args: CommandArgs, path: string): Promise<Recipe> {
  const base = await readRecipeFile(path);
  return recipeFromArgs(args, args.string('input'), ['input', 'device'], base, path);
}

export const run: CommandSpec = {
  name: 'run',
  summary: 'replay a saved recipe (R.json), optionally on another tilt series',
  description:
    'Runs the recipe exactly as saved: the same parameters give byte-identical output on the CPU path, in the ' +
    'page and here. Paths inside R.json are relative to its folder. --input replaces the stack (then give its ' +
    '--tilts/--xf); --out DIR writes DIR/STEM_rec.mrc and DIR/STEM_rec.recipe.json (STEM: the stack name ' +
    'without .mrc/.st). --device, --threads and --max-memory fit the run to this machine. JSON as reconstruct.',
  positionals: [{ name: 'R.json', help: 'a recipe ("wedgelab": "recipe/1")' }],
  options: [
    ...replayOptions,
    {
      name: 'out',
      type: 'string',
      valueName: 'DIR',
      help: 'write the outputs into DIR (default: the recipe’s export.volume)',
    },
    saveRecipeOption,
  ],
  examples: [
    'wedgelab run r.json',
    'wedgelab run r.json --input TS_02.mrc --tilts TS_02.tlt --out out/TS_02 --json',
  ],
  async run(args, ctx) {
    let recipe = await replayRecipe(args, args.positional('R.json') ?? '');
    const dir = args.string('out');
    if (dir !== undefined) {
      const volume = `${dir.replace(/\/+$/, '')}/${stemOf(recipe.input.stack)}_rec.mrc`;
      recipe = { ...recipe, export: { ...recipe.export, volume } };
    }
    if (!recipe.export.volume) {
      throw new WedgeLabError(
        'bad-argument',
        `${args.positional('R.json')} writes no tomogram (no export.volume); give --out DIR`,
      );
    }
    const saved = args.string('save-recipe');
    const r = await runWithNodeHost(recipe, ctx, `run ${recipe.reconstruct.method}`, {}, saved);
    return runReport(r, { savedRecipe: saved });
  },
};
