// wedgelab halfset TS.mrc --tilts TS.tlt: a resolution estimate without the truth. Alternate views
// (1-based 1,3,5,… and 2,4,6,…; named half1/half2, never "even/odd", which 0- and 1-based counting flip)
// are reconstructed separately (each keeps the full tilt range) and FSC'd, in total and split into
// the Fourier regions the tilts measured (present) and the missing wedge. Same JSON as `wedgelab fsc`.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Volume } from '../../core/types.ts';
import { fmt, knownSize, table } from '../format.ts';
import { crossingRows, fscCurveText, fscJson } from '../fscReport.ts';
import { readerOptions, readOptionsFrom } from '../mrcInput.ts';
import { writeFileAtomic } from '../nodeSource.ts';
import { runReconstruction, withReconJob } from '../reconJob.ts';
import { reconOptions, reconSettingsFrom, seriesOptions, seriesSettingsFrom } from '../reconOptions.ts';
import type { CommandSpec } from '../spec.ts';

export const halfset: CommandSpec = {
  name: 'halfset',
  summary:
    'half-set FSC: reconstruct views 1,3,5,… and 2,4,6,… separately and FSC them (present/missing split)',
  description:
    'Splits the views in file order into half1 = views 1,3,5,… and half2 = views 2,4,6,… (numbered from 1, as ' +
    '--exclude and IMOD EXCLUDELIST), so both keep the whole ' +
    'tilt range and the same missing wedge, reconstructs each with the reconstruct options, and reports their FSC ' +
    'as `wedgelab fsc --tilts` does: the total curve with its 0.143/0.5 crossings, and the curves over the Fourier ' +
    'points any actual tilt view measured (present) and the rest (missing). The half maps use half the views, so ' +
    'the crossings estimate the resolution of a half-data reconstruction (conservative for the full one). ' +
    'JSON: {fsc: {freq, all, present, missing}, fsc143, fsc05, method, device, seconds, nx, ny, nz, views: {half1, half2} ' +
    '(views used by each half after --exclude), out}.',
  positionals: [{ name: 'TS', help: 'tilt series (MRC/.st), one section per view' }],
  options: [
    ...seriesOptions,
    ...reconOptions,
    {
      name: 'out',
      type: 'string',
      valueName: 'PREFIX',
      help: 'also write the half maps as PREFIX_half1.mrc (views 1,3,5,…) and PREFIX_half2.mrc (views 2,4,6,…)',
    },
    ...readerOptions,
  ],
  examples: [
    'wedgelab halfset ts.mrc --tilts ts.tlt --thickness 120',
    'wedgelab halfset ts.mrc --tilts ts.tlt --method sirt --iterations 10 --bin 2 --json',
  ],
  async run(args, ctx) {
    const settings = reconSettingsFrom(args);
    const prefix = args.string('out');
    const progress = ctx.progress(`halfset ${settings.method}`);
    const { splitOddEven } = await import('../../core/metrics/index.ts');
    const out = await withReconJob(
      args.positional('TS') ?? '',
      readOptionsFrom(args),
      seriesSettingsFrom(args),
      settings,
      progress,
      async (job) => {
        if (job.device.warning) ctx.warn(job.device.warning);
        const dropped = new Set(job.excluded);
        // splitOddEven counts from 0: its "even" indices 0,2,4,… are views 1,3,5,…
        const { even: half1, odd: half2 } = splitOddEven(job.info.nviews);
        // a half leaves out the other half's views and the user's exclusions
        const runHalf = (keep: number[], from: number, to: number, label: string) => {
          const kept = new Set(keep.filter((v) => !dropped.has(v)));
          const exclude = Array.from({ length: job.info.nviews }, (_, i) => i).filter((i) => !kept.has(i));
          return runReconstruction(job, settings, progress, { excludeViews: exclude, from, to, label });
        };
        const e = await runHalf(half1, 0.05, 0.47, 'views 1,3,5,…');
        const o = await runHalf(half2, 0.47, 0.89, 'views 2,4,6,…');
        // present = measured by any view kept in either half
        const angles = [...e.keptViews, ...o.keptViews].map((i) => job.info.geometry.views[i].angleDeg);
        return { e, o, angles, device: job.device };
      },
      { viewsPerRun: (n) => Math.ceil(n / 2), extraVolumes: 1 },
    );
    progress.update(0.9, 'FSC');
    const { halfSetFsc } = await import('../../core/metrics/index.ts');
    const r = halfSetFsc(out.o.volume, out.e.volume, out.angles);
    const v = out.e.volume;
    if (prefix) await writeHalves(prefix, out.e.volume, out.o.volume);
    progress.done();
    const px = knownSize(v.voxelSizeA[0]);
    const curves = fscJson({ all: r.total, present: r.present, missing: r.missing }, px);
    const json = {
      ...curves,
      method: settings.method,
      device: out.device.kind,
      deviceName: out.device.name,
      seconds: out.e.seconds + out.o.seconds,
      nx: v.nx,
      ny: v.ny,
      nz: v.nz,
      voxelSizeA: px,
      views: { half1: out.e.keptViews.length, half2: out.o.keptViews.length },
      out: prefix ? [`${prefix}_half1.mrc`, `${prefix}_half2.mrc`] : null,
    };
    const text =
      table([
        [
          'half maps',
          `${v.nx} × ${v.ny} × ${v.nz}, ${settings.method}, ${json.views.half1} views (1,3,5,…) + ${json.views.half2} (2,4,6,…)`,
        ],
        ['device', out.device.name],
        ['time', `${fmt(json.seconds, 3)} s compute`],
        ...crossingRows(curves),
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
