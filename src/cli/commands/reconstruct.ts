// wedgelab reconstruct TS.mrc --tilts TS.tlt --method wbp|sirt|sart|tv --thickness NZ --out REC.mrc: a recipe
// built from the flags (src/cli/recipeFlags.ts) and run by the pipeline (src/pipeline), the same as the page.
import { recipeFromArgs, recipeOptions } from '../recipeFlags.ts';
import { runWithNodeHost, saveRecipeOption } from '../recipeCommand.ts';
import { runReport } from '../runReport.ts';
import type { CommandSpec } from '../spec.ts';

export const reconstruct: CommandSpec = {
  name: 'reconstruct',
  summary: 'reconstruct a tomogram from a tilt series (WBP, SIRT, SART or TV; GPU or CPU)',
  description:
    'Reads TS.mrc (nx × ny × nviews) with its tilt angles (--tilts, else the extended header; a SerialEM .mdoc ' +
    'also gives the tilt-axis angle unless --axis-rotation does) and optional IMOD .xf, and writes REC.mrc as ' +
    'nx/B × ny/B × thickness/B (z = thickness, like IMOD after trimvol -rx), voxel size = pixel size × B, plus ' +
    'REC.recipe.json beside it; the MRC label carries the WedgeLab version and the recipe hash. Every input is ' +
    'checked against the header before any data is read, and the memory the job needs is estimated first. When ' +
    'the whole volume does not fit, wbp/sirt/sart run in Y-slabs written straight into OUT; a job that cannot ' +
    'fit even so is refused with a --bin or --thickness that would. --device auto uses a hardware WebGPU adapter ' +
    'when there is one and the multi-threaded CPU path otherwise; a GPU lost mid-job continues on the CPU. ' +
    'JSON: {method, device, deviceName, deviceReason, deviceFallback, seconds (compute only), voxelUpdatesPerSecond, ' +
    'residuals (‖Ax − b‖/‖b‖ per iteration; [] for wbp), iterations, nx, ny, nz, voxelSizeA (null when unknown), ' +
    'threads, views, prealigned, filter, axisRotationDeg, axisFrom, out, recipe, recipeHash, slabs?}.',
  positionals: [{ name: 'TS', help: 'tilt series (MRC/.st), one section per view' }],
  options: [
    ...recipeOptions().map((o) =>
      o.name === 'thickness' || o.name === 'out'
        ? {
            ...o,
            required: true,
            help:
              o.name === 'out'
                ? 'output tomogram (MRC)'
                : 'output thickness nz in unbinned pixels (z of the output)',
          }
        : o,
    ),
    saveRecipeOption,
  ],
  examples: [
    'wedgelab reconstruct ts.mrc --tilts ts.tlt --thickness 300 --out rec.mrc',
    'wedgelab reconstruct ts.mrc --tilts ts.mdoc --method sirt --thickness 300 --bin 2 --out rec.mrc --save-recipe r.json --json',
  ],
  async run(args, ctx) {
    const recipe = recipeFromArgs(args, args.positional('TS'));
    const saved = args.string('save-recipe');
    const r = await runWithNodeHost(recipe, ctx, `reconstruct ${recipe.reconstruct.method}`, {}, saved);
    return runReport(r, { savedRecipe: saved });
  },
};
