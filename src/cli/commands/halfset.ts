// wedgelab halfset TS.mrc --tilts TS.tlt: a resolution estimate without the truth. The kept views, in tilt
// order, go alternately to half1 and half2 (src/pipeline/series/halfSets.ts, the page's split too), are
// reconstructed separately (each keeps the full tilt range) and FSC'd, in total and split into the Fourier
// regions the tilts measured (present) and the missing wedge. Same JSON as `wedgelab fsc`.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Volume } from '../../core/types.ts';
import { fmt, knownSize, table } from '../format.ts';
import { crossingRows, fscCurveText, fscJson } from '../fscReport.ts';
import { writeFileAtomic } from '../nodeSource.ts';
import { runWithNodeHost, saveRecipeOption } from '../recipeCommand.ts';
import { recipeFromArgs, recipeOptions } from '../recipeFlags.ts';
import type { CommandSpec } from '../spec.ts';

const SECTIONS = ['input', 'geometry', 'reconstruct', 'device'] as const;

export const halfset: CommandSpec = {
  name: 'halfset',
  summary:
    'half-set FSC: reconstruct views 1,3,5,… and 2,4,6,… separately and FSC them (present/missing split)',
  description:
    'Splits the views kept after --exclude, in tilt-angle order, alternately into half1 and half2 (for a sorted ' +
    'series with no exclusions: views 1,3,5,… and 2,4,6,…, numbered from 1), so both keep the whole ' +
    'tilt range and the same missing wedge, reconstructs each with the reconstruct options, and reports their FSC ' +
    'as `wedgelab fsc --tilts` does: the total curve with its 0.143/0.5 crossings, and the curves over the Fourier ' +
    'points any actual tilt view measured (present) and the rest (missing). The half maps use half the views, so ' +
    'the crossings estimate the resolution of a half-data reconstruction (conservative for the full one). ' +
    'JSON: {fsc: {freq, all, present, missing}, fsc143, fsc05, method, device, seconds, nx, ny, nz, views: {half1, half2} ' +
    '(views used by each half after --exclude), out}.',
  positionals: [{ name: 'TS', help: 'tilt series (MRC/.st), one section per view' }],
  options: [
    ...recipeOptions(SECTIONS),
    {
      name: 'out',
      type: 'string',
      valueName: 'PREFIX',
      help: 'also write the half maps as PREFIX_half1.mrc and PREFIX_half2.mrc',
    },
    saveRecipeOption,
  ],
  examples: [
    'wedgelab halfset ts.mrc --tilts ts.tlt --thickness 120',
    'wedgelab halfset ts.mrc --tilts ts.tlt --method sirt --iterations 10 --bin 2 --json',
  ],
  async run(args, ctx) {
    const base = recipeFromArgs(args, args.positional('TS'), SECTIONS);
    const recipe = { ...base, score: { halfSet: true } };
    const prefix = args.string('out');
    const out = await runWithNodeHost(
      recipe,
      ctx,
      `halfset ${recipe.reconstruct.method}`,
      { reconstruct: false },
      args.string('save-recipe'),
    );
    const h = out.halfSet!;
    const r = { total: h.fsc.total, present: h.fsc.present, missing: h.fsc.missing };
    const v = h.half1;
    if (prefix) await writeHalves(prefix, h.half1, h.half2);
    const settings = out.recipe.reconstruct;
    const device = { kind: out.device.kind, name: out.device.name };
    const px = knownSize(v.voxelSizeA[0]);
    const curves = fscJson({ all: r.total, present: r.present, missing: r.missing }, px);
    const json = {
      ...curves,
      method: settings.method,
      device: device.kind,
      deviceName: device.name,
      seconds: h.seconds,
      nx: v.nx,
      ny: v.ny,
      nz: v.nz,
      voxelSizeA: px,
      views: { half1: h.half1Views.length, half2: h.half2Views.length },
      warning: h.warning,
      out: prefix ? [`${prefix}_half1.mrc`, `${prefix}_half2.mrc`] : null,
    };
    const text =
      table([
        [
          'half maps',
          `${v.nx} × ${v.ny} × ${v.nz}, ${settings.method}, ${json.views.half1} views (1,3,5,…) + ${json.views.half2} (2,4,6,…)`,
        ],
        ['device', device.name],
        ['time', `${fmt(json.seconds, 3)} s compute`],
        ...crossingRows(curves),
        ...(h.warning ? [['warning', h.warning] as [string, string]] : []),
      ]) +
      '\n' +
      fscCurveText(curves.fsc);
    return { json, text };
  },
};

async function writeHalves(prefix: string, half1: Volume, half2: Volume): Promise<void> {
  const { writeMrc } = await import('../../io/mrc/index.ts');
  await mkdir(dirname(prefix) || '.', { recursive: true });
  for (const [name, vol, views] of [
    ['half1', half1, '1,3,5,...'],
    ['half2', half2, '2,4,6,...'],
  ] as const) {
    const bytes = writeMrc(vol, {
      mode: 2,
      program: `wedgelab halfset ${name}`,
      labels: [`half map of views ${views} (numbered from 1)`],
      imageStack: false,
    });
    await writeFileAtomic(`${prefix}_${name}.mrc`, bytes);
  }
}
