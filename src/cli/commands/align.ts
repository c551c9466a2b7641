// wedgelab align TS.mrc --tilts TS.tlt --method xcorr|pm|cnn|beads --out TS.xf [--tlt-out TS.tlt]: the
// pipeline's align step alone (src/pipeline/run/runAlign.ts); `reconstruct --align METHOD` runs the same step
// before reconstructing.
import { ALIGN_METHODS } from '../../align/types.ts';
import { parseRecipe, type Recipe } from '../../pipeline/index.ts';
import { fmt, table } from '../format.ts';
import { createNodeHost } from '../nodeHost.ts';
import { writeRecipeFile } from '../recipeFiles.ts';
import { recipeFromArgs, recipeOptions } from '../recipeFlags.ts';
import { saveRecipeOption } from '../recipeCommand.ts';
import type { CommandArgs, CommandSpec } from '../spec.ts';
import { version } from '../version.ts';
import { median } from '../../core/stats.ts';

const fromRecipe = (section: 'align' | 'export' | 'reconstruct', flag: string, rename: string) => {
  const o = recipeOptions([section]).find((x) => x.name === flag)!;
  return { ...o, name: rename };
};

function alignRecipe(args: CommandArgs): Recipe {
  const base = recipeFromArgs(args, args.positional('TS'), ['input', 'geometry']);
  const doc = JSON.parse(JSON.stringify(base)) as Recipe;
  doc.align = {
    ...doc.align,
    method: (args.choice('method') ?? 'xcorr') as Recipe['align']['method'],
    axisSearch: args.flag('axis-search'),
    cumulative: args.flag('cumulative'),
    ...(args.has('iterations') ? { iterations: args.number('iterations') } : {}),
    ...(args.has('bin') ? { binning: args.number('bin') } : {}),
  };
  doc.export = {
    ...doc.export,
    xf: args.string('out'),
    tlt: args.string('tlt-out'),
    alignModel: args.string('save-model'),
    alignedStack: args.string('aligned-out'),
  };
  if (args.has('exclude'))
    doc.reconstruct = { ...doc.reconstruct, excludeViews: args.string('exclude') ?? '' };
  return parseRecipe(doc);
}

export const align: CommandSpec = {
  name: 'align',
  summary: 'align a raw tilt series: cross-correlation, projection matching, a learned shift model or beads',
  description:
    'Finds per-view shifts (and, with --axis-search, the tilt-axis angle and a tilt-angle offset) of a raw tilt ' +
    'series and writes them as an IMOD .xf (raw → aligned: the rotation that makes the tilt axis vertical, then ' +
    'the shift; docs/geometry.md), plus the refined angles with --tlt-out. Dark, blank or non-finite views are ' +
    'excluded automatically with a notice; warnings name views with weak or ambiguous correlation, shifts beyond a ' +
    'quarter of the field, residual outliers or strong intensity gradients. `wedgelab reconstruct TS.mrc --xf ' +
    'TS.xf` uses the result, as does `reconstruct --align METHOD` in one go. JSON: {method, shifts: [[dx, dy]…] ' +
    '(px, aligned frame), residuals (px per view, null for excluded views), scores, axisAngleDeg, tiltOffsetDeg, ' +
    'excludedViews (0-based), warnings, converged, iterations, seconds, files}.',
  positionals: [{ name: 'TS', help: 'raw tilt series (MRC/.st), one section per view' }],
  options: [
    ...recipeOptions(['input', 'geometry']).filter((o) => o.name !== 'xf'),
    {
      name: 'method',
      type: 'enum',
      choices: ALIGN_METHODS,
      default: 'xcorr',
      help: 'xcorr: stretched cross-correlation (IMOD tiltxcorr) with a least-squares pass; pm: then projection matching; cnn: a shift model trained on the data; beads: gold fiducials',
    },
    fromRecipe('align', 'axis-search', 'axis-search'),
    fromRecipe('align', 'align-iterations', 'iterations'),
    fromRecipe('align', 'align-bin', 'bin'),
    fromRecipe('align', 'align-cumulative', 'cumulative'),
    fromRecipe('reconstruct', 'exclude', 'exclude'),
    { ...fromRecipe('export', 'xf-out', 'out'), required: true, help: 'the .xf to write' },
    fromRecipe('export', 'tlt-out', 'tlt-out'),
    fromRecipe('export', 'aligned-out', 'aligned-out'),
    fromRecipe('export', 'save-model', 'save-model'),
    saveRecipeOption,
  ],
  examples: [
    'wedgelab align ts.mrc --tilts ts.tlt --out ts.xf',
    'wedgelab align ts.mrc --tilts ts.mdoc --method pm --axis-search --out ts.xf --tlt-out ts_fit.tlt --json',
    'wedgelab align ts.mrc --tilts ts.tlt --method cnn --save-model ts.wlshift --out ts.xf',
  ],
  async run(args, ctx) {
    const recipe = alignRecipe(args);
    const { runAlignRecipe } = await import('../../pipeline/index.ts');
    const host = createNodeHost(ctx, version(), `align ${recipe.align.method}`);
    let r;
    try {
      r = await runAlignRecipe(recipe, host);
    } finally {
      await host.dispose();
    }
    const saved = args.string('save-recipe');
    if (saved) await writeRecipeFile(saved, r.recipe);
    const a = r.alignment;
    const json = {
      method: a.method,
      shifts: a.shiftsPx,
      residuals: a.residualsPx,
      scores: a.scores,
      axisAngleDeg: a.axisRotationDeg,
      tiltOffsetDeg: a.tiltOffsetDeg,
      excludedViews: a.excludedViews,
      warnings: a.warnings,
      converged: a.converged,
      iterations: a.iterations,
      seconds: r.seconds,
      files: r.files,
      ...(saved ? { savedRecipe: saved } : {}),
    };
    const res = a.residualsPx.filter((x): x is number => x !== null);
    const shifts = a.shiftsPx.map(([dx, dy]) => Math.hypot(dx, dy));
    const text = table([
      ['wrote', r.files.join(', ')],
      ['method', `${a.method}${a.converged ? '' : ' (did not converge)'}`],
      [
        'tilt axis',
        Math.abs(a.axisRotationDeg - r.axisGivenDeg) > 1e-9
          ? `${fmt(a.axisRotationDeg)}° (fitted; ${fmt(r.axisGivenDeg)}° from ${r.axisFrom})`
          : `${fmt(a.axisRotationDeg)}° (${r.axisFrom})`,
      ],
      ['tilt offset', `${fmt(a.tiltOffsetDeg)}°`],
      ['views', `${a.shiftsPx.length - a.excludedViews.length} aligned, ${a.excludedViews.length} excluded`],
      ['largest shift', `${fmt(Math.max(...shifts))} px`],
      ['residual', res.length ? `median ${fmt(median(res))} px, max ${fmt(Math.max(...res))} px` : 'n/a'],
      ['time', `${fmt(r.seconds)} s`],
    ]);
    return { json, text };
  },
};
