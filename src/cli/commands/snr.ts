// wedgelab snr VOLUME --signal BOX --background BOX: mean over a signal box / sd over a background box.
import { WedgeLabError } from '../../core/errors.ts';
import type { Box } from '../../core/metrics/index.ts';
import type { Volume } from '../../core/types.ts';
import { fmt, table } from '../format.ts';
import { readerOptions, readOptionsFrom } from '../mrcInput.ts';
import type { CommandSpec } from '../spec.ts';
import { loadVolume, shapeOf } from '../volumePair.ts';

export interface SnrJson {
  /** null when the background is constant (sd 0: SNR ±∞, which JSON cannot hold) */
  snr: number | null;
  signalMean: number;
  backgroundMean: number;
  backgroundSd: number;
  signal: Box;
  background: Box;
}

/** X0,Y0,Z0,X1,Y1,Z1 → a box of whole voxels, checked here so the message names the option. */
function boxOf(list: number[] | undefined, option: string, v: Volume): Box {
  const c = list ?? [];
  const text = `--${option} ${c.join(',')}`;
  if (!c.every(Number.isInteger)) {
    throw new WedgeLabError('bad-argument', `${text}: box corners are whole voxel indices`);
  }
  const min: Box['min'] = [c[0], c[1], c[2]];
  const max: Box['max'] = [c[3], c[4], c[5]];
  if (max.some((hi, i) => hi <= min[i])) {
    throw new WedgeLabError(
      'bad-argument',
      `${text} is empty: each of X1,Y1,Z1 must exceed X0,Y0,Z0 (min inclusive, max exclusive)`,
    );
  }
  const n = [v.nx, v.ny, v.nz];
  if (min.some((lo) => lo < 0) || max.some((hi, i) => hi > n[i])) {
    throw new WedgeLabError(
      'bad-argument',
      `${text} reaches outside the ${shapeOf(v)} volume (0 ≤ X0 < X1 ≤ nx, likewise y and z)`,
    );
  }
  return { min, max };
}

const boxText = (b: Box) => `[${b.min.join(', ')}] … [${b.max.join(', ')})`;

export const snr: CommandSpec = {
  name: 'snr',
  summary: 'SNR = mean of a signal box / standard deviation of a background box',
  description:
    'Boxes are X0,Y0,Z0,X1,Y1,Z1 in voxel indices, min inclusive and max exclusive (so 0,0,0,nx,ny,nz is the whole ' +
    'volume). SNR = signal mean / background standard deviation (population). JSON: {snr, signalMean, ' +
    'backgroundMean, backgroundSd, signal: {min, max}, background: {min, max}}; snr is null when the background is ' +
    'constant.',
  positionals: [{ name: 'VOLUME', help: 'volume (MRC), e.g. a reconstruction' }],
  options: [
    {
      name: 'signal',
      type: 'list',
      count: 6,
      required: true,
      valueName: 'X0,Y0,Z0,X1,Y1,Z1',
      help: 'box over the signal (voxel indices, max exclusive)',
    },
    {
      name: 'background',
      type: 'list',
      count: 6,
      required: true,
      valueName: 'X0,Y0,Z0,X1,Y1,Z1',
      help: 'box over background only (voxel indices, max exclusive)',
    },
    ...readerOptions,
  ],
  examples: ['wedgelab snr rec.mrc --signal 30,30,20,40,40,30 --background 0,0,0,16,16,16'],
  async run(args, ctx) {
    const progress = ctx.progress('snr');
    const { volume } = await loadVolume(args.positional('VOLUME') ?? '', readOptionsFrom(args), (f) =>
      progress.update(0.9 * f, 'reading'),
    );
    progress.done();
    const signal = boxOf(args.list('signal'), 'signal', volume);
    const background = boxOf(args.list('background'), 'background', volume);
    const m = await import('../../core/metrics/index.ts');
    const r = m.snr(volume, signal, background);
    if (!(r.backgroundSd > 0)) ctx.warn('the background box is constant (sd 0): SNR is not finite');
    const json: SnrJson = { ...r, snr: Number.isFinite(r.snr) ? r.snr : null, signal, background };
    const text = table([
      ['SNR', json.snr === null ? `${r.snr} (constant background)` : fmt(r.snr, 5)],
      ['signal', `mean ${fmt(r.signalMean)} over ${boxText(signal)}`],
      ['background', `mean ${fmt(r.backgroundMean)}, sd ${fmt(r.backgroundSd)} over ${boxText(background)}`],
    ]);
    return { json, text };
  },
};
