// wedgelab profile VOLUME --from X,Y,Z --to X,Y,Z: a line profile across a membrane and its FWHM
// (the second seed paper's membrane-width measure).
import { WedgeLabError } from '../../core/errors.ts';
import type { FwhmResult } from '../../core/metrics/index.ts';
import type { Volume } from '../../core/types.ts';
import { fmt, table } from '../format.ts';
import { readerOptions, readOptionsFrom } from '../mrcInput.ts';
import type { CommandSpec } from '../spec.ts';
import { loadVolume, shapeOf } from '../volumePair.ts';

type Vec3 = [number, number, number];

export interface ProfileJson {
  from: Vec3;
  to: Vec3;
  widthPx: number;
  spacingPx: number;
  /** Å per voxel from the header, null when the header leaves it 0 */
  voxelSizeA: number | null;
  positionPx: number[];
  values: number[];
  /** null when the peak (or trough) runs off an end of the profile; fwhmA null when voxelSizeA is */
  fwhm: (Omit<FwhmResult, 'fwhmA'> & { fwhmA: number | null }) | null;
}

/** An end point must lie inside the volume (voxel centres at 0 … n−1): outside, samples clamp to the edge. */
function endPoint(list: number[] | undefined, option: string, v: Volume): Vec3 {
  const p = (list ?? []) as Vec3;
  const n = [v.nx, v.ny, v.nz];
  if (p.some((c, i) => c < 0 || c > n[i] - 1)) {
    throw new WedgeLabError(
      'bad-argument',
      `--${option} ${p.join(',')} lies outside the ${shapeOf(v)} volume (voxel centres 0…n−1 on each axis)`,
    );
  }
  return p;
}

function profileText(j: ProfileJson): string {
  const f = j.fwhm;
  const px = j.voxelSizeA;
  const rows: [string, string][] = [
    [
      'line',
      `(${j.from.join(', ')}) → (${j.to.join(', ')}) px, ${j.values.length} samples every ${j.spacingPx} px`,
    ],
    ['width', `${j.widthPx} × ${j.widthPx} px averaged across the line`],
    ['voxel size', px === null ? 'unknown (header cell is 0): Å not given' : `${fmt(px)} Å`],
  ];
  if (f) {
    rows.push(
      ['FWHM', `${fmt(f.fwhmPx, 4)} px` + (f.fwhmA === null ? '' : `  (${fmt(f.fwhmA, 4)} Å)`)],
      ['centre', `${fmt(f.centerPx, 4)} px along the line (${f.polarity})`],
      ['baseline', fmt(f.baseline)],
      ['amplitude', fmt(f.amplitude)],
    );
  } else rows.push(['FWHM', 'none: the peak runs off an end of the profile (lengthen the line)']);
  const lines = j.values.map((y, i) => {
    const x = j.positionPx[i];
    const a = px === null ? '' : `  ${(x * px).toFixed(2).padStart(9)}`;
    return `${x.toFixed(2).padStart(8)}${a}  ${fmt(y)}`;
  });
  const head = `${'pos px'.padStart(8)}${px === null ? '' : `  ${'pos Å'.padStart(9)}`}  value`;
  return table(rows) + '\nprofile:\n' + [head, ...lines].join('\n') + '\n';
}

export const profile: CommandSpec = {
  name: 'profile',
  summary: 'line profile across a membrane and its FWHM in px and Å',
  description:
    'Samples VOLUME from --from to --to (voxel coordinates x,y,z; voxel centres at 0…n−1) every 0.5 px with ' +
    'trilinear interpolation, averaging a WIDTH × WIDTH square normal to the line at 1-px spacing (samples of the ' +
    'square beyond a face take the edge voxel). FWHM: baseline = mean of the end tenths of the profile, the extreme ' +
    'refined by a parabola, half level crossings interpolated linearly; it is null when the peak runs off an end. ' +
    'A dense membrane is a peak in density maps and a trough in raw cryo-EM contrast; --polarity auto takes whichever ' +
    'extreme departs more from the baseline. JSON: {from, to, widthPx, spacingPx, voxelSizeA, positionPx, values, ' +
    'fwhm: {fwhmPx, fwhmA, centerPx, baseline, amplitude, polarity} | null}.',
  positionals: [{ name: 'VOLUME', help: 'volume (MRC), e.g. a reconstruction' }],
  options: [
    {
      name: 'from',
      type: 'list',
      count: 3,
      required: true,
      valueName: 'X,Y,Z',
      help: 'start of the line, voxel coordinates',
    },
    {
      name: 'to',
      type: 'list',
      count: 3,
      required: true,
      valueName: 'X,Y,Z',
      help: 'end of the line, voxel coordinates',
    },
    {
      name: 'width',
      type: 'number',
      integer: true,
      min: 1,
      max: 64,
      default: 1,
      valueName: 'PX',
      help: 'side of the square averaged across the line (px)',
    },
    {
      name: 'polarity',
      type: 'enum',
      choices: ['auto', 'peak', 'trough'],
      default: 'auto',
      help: 'measure the main peak, the main trough, or whichever departs more from the baseline',
    },
    ...readerOptions,
  ],
  examples: [
    'wedgelab profile rec.mrc --from 40,64,30 --to 40,64,50 --width 5',
    'wedgelab profile rec.mrc --from 10,20,32 --to 30,20,32 --polarity trough --json',
  ],
  async run(args, ctx) {
    if ((args.list('from') ?? []).every((c, i) => c === args.list('to')?.[i])) {
      throw new WedgeLabError('bad-argument', '--from and --to are the same point: a profile needs a line');
    }
    const progress = ctx.progress('profile');
    const loaded = await loadVolume(args.positional('VOLUME') ?? '', readOptionsFrom(args), (f) =>
      progress.update(0.9 * f, 'reading'),
    );
    progress.done();
    const v = loaded.volume;
    const from = endPoint(args.list('from'), 'from', v);
    const to = endPoint(args.list('to'), 'to', v);
    const widthPx = args.number('width') ?? 1;
    const m = await import('../../core/metrics/index.ts');
    const p = m.lineProfile(v, from, to, { widthPx });
    if (p.values.length < 3) {
      throw new WedgeLabError('bad-argument', 'the line is shorter than 1 px: too few samples for a FWHM');
    }
    const polarity = (args.choice('polarity') ?? 'auto') as 'auto' | 'peak' | 'trough';
    const voxelSizeA = loaded.voxelSizeA;
    const f = m.fwhm(p.values, { polarity, spacingPx: p.spacingPx, voxelSizeA: voxelSizeA ?? 1 });
    if (!f) ctx.warn('no FWHM: the peak runs off an end of the profile; lengthen the line');
    const json: ProfileJson = {
      from,
      to,
      widthPx,
      spacingPx: p.spacingPx,
      voxelSizeA,
      positionPx: p.positionPx,
      values: p.values,
      fwhm: f ? { ...f, fwhmA: voxelSizeA === null ? null : f.fwhmA } : null,
    };
    return { json, text: profileText(json) };
  },
};
