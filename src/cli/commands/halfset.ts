// wedgelab halfset TS.mrc --tilts TS.tlt: a resolution estimate without the truth. The odd and even
// views are reconstructed separately (each keeps the full tilt range) and FSC'd, in total and split into
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
  summary: 'half-set FSC: reconstruct odd and even views separately and FSC them (present/missing split)',
  description:
    'Splits the views in file order into even (1st, 3rd, …) and odd (2nd, 4th, …) halves, so both keep the whole ' +
    'tilt range and the same missing wedge, reconstructs each with the reconstruct options, and reports their FSC ' +
    'as `wedgelab fsc --tilts` does: the total curve with its 0.143/0.5 crossings, and the curves over the Fourier ' +
    'points any actual tilt view measured (present) and the rest (missing). The half maps use half the views, so ' +
    'the crossings estimate the resolution of a half-data reconstruction (conservative for the full one). ' +
    'JSON: {fsc: {freq, all, present, missing}, fsc143, fsc05, method, device, seconds, nx, ny, nz, views: {even, odd}}.',
  positionals: [{ name: 'TS', help: 'tilt series (MRC/.st), one section per view' }],
  options: [
    ...seriesOptions,
    ...reconOptions,
    {
      name: 'out',
      type: 'string',
      valueName: 'PREFIX',
      help: 'also write the half maps as PREFIX_even.mrc and PREFIX_odd.mrc',
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
        const { even, odd } = splitOddEven(job.info.nviews);
        // a half leaves out the other half's views and the user's exclusions
        const runHalf = (keep: number[], from: number, to: number, label: string) => {
          const kept = new Set(keep.filter((v) => !dropped.has(v)));
          const exclude = Array.from({ length: job.info.nviews }, (_, i) => i).filter((i) => !kept.has(i));
          return runReconstruction(job, settings, progress, { excludeViews: exclude, from, to, label });
        };
        const e = await runHalf(even, 0.05, 0.47, 'even');
        const o = await runHalf(odd, 0.47, 0.89, 'odd');
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
      views: { even: out.e.keptViews.length, odd: out.o.keptViews.length },
      out: prefix ? [`${prefix}_even.mrc`, `${prefix}_odd.mrc`] : null,
    };
    const text =
      table([
        [
          'half maps',
          `${v.nx} × ${v.ny} × ${v.nz}, ${settings.method}, ${json.views.even} + ${json.views.odd} views`,
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

async function writeHalves(prefix: string, even: Volume, odd: Volume): Promise<void> {
  const { writeMrc } = await import('../../io/mrc/index.ts');
  await mkdir(dirname(prefix) || '.', { recursive: true });
  for (const [name, vol] of [
    ['even', even],
    ['odd', odd],
  ] as const) {
    const bytes = writeMrc(vol, { mode: 2, program: `wedgelab halfset ${name}`, imageStack: false });
    await writeFileAtomic(`${prefix}_${name}.mrc`, bytes);
  }
}
