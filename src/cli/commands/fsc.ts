// wedgelab fsc A B: Fourier shell correlation of two maps (e.g. half-set reconstructions), split into
// measured and missing-wedge regions when the tilt list is given.
import { fscJson, computeFsc, fscText } from '../fscReport.ts';
import { readerOptions, readOptionsFrom } from '../mrcInput.ts';
import type { CommandSpec } from '../spec.ts';
import { checkSameShape, knownVoxelSize, loadVolume, tiltOptions, tiltsFromArgs } from '../volumePair.ts';

export const fsc: CommandSpec = {
  name: 'fsc',
  summary: 'Fourier shell correlation of two maps (half sets), with present/missing-wedge curves',
  description:
    'Shells are 1/M wide (M = largest dimension) from 1/M to 0.5 cycles/px. fsc143/fsc05 are where the total curve ' +
    'first drops below 0.143/0.5, as {perPx, angstrom} (angstrom null when neither header states a voxel size), or ' +
    'null when the curve never drops below. With --tilts the FSC is also given over the Fourier points the real tilt ' +
    'views measured (present) and the rest (missing); a shell with no point in a region is null there. JSON: {fsc: {freq, all, present?, missing?}, fsc143, fsc05}.',
  positionals: [
    { name: 'A', help: 'first map (MRC), e.g. the odd-view reconstruction' },
    { name: 'B', help: 'second map (MRC), the same nx × ny × nz' },
  ],
  options: [...tiltOptions, ...readerOptions],
  examples: ['wedgelab fsc odd.mrc even.mrc', 'wedgelab fsc odd.mrc even.mrc --tilts ts.tlt --json'],
  async run(args, ctx) {
    const opts = readOptionsFrom(args);
    const tilts = await tiltsFromArgs(args, (m) => ctx.warn(m));
    const progress = ctx.progress('fsc');
    const a = await loadVolume(args.positional('A') ?? '', opts, (f) =>
      progress.update(0.2 * f, 'reading A'),
    );
    const b = await loadVolume(args.positional('B') ?? '', opts, (f) =>
      progress.update(0.2 + 0.2 * f, 'reading B'),
    );
    checkSameShape(a, 'A', b, 'B');
    progress.update(0.4, 'FFT');
    const json = fscJson(
      await computeFsc(a.volume, b.volume, tilts, args.number('tilt-axis') ?? 0),
      knownVoxelSize(a, b),
    );
    progress.done();
    return { json, text: fscText(json) };
  },
};
