// wedgelab xferror EST.xf --ref TRUE.xf --size NX,NY: alignment (drift) error in px against known transforms.
import type { CommandSpec } from '../spec.ts';
import { fmt, table } from '../format.ts';
import { loadTilts, loadXf } from '../metaFiles.ts';

export interface XfErrorJson {
  views: number;
  rmsPx: number;
  maxPx: number;
  /** 1-based, as IMOD numbers views */
  worstView: number;
  commonShiftPx: [number, number];
  rmsRelativePx: number;
  /** with --tilts: the RMS left after removing the best 3D translation of the specimen */
  rmsRigidPx?: number;
  perViewPx: number[];
}

export const xferror: CommandSpec = {
  name: 'xferror',
  summary: 'alignment (drift) error of estimated .xf transforms against the true ones, in px',
  description:
    'Per view, the residual transform estimate ∘ truth⁻¹ is applied to a 9 × 9 grid over the NX × NY image and ' +
    'its displacement averaged (RMS), so shift, rotation and magnification errors all count in pixels. The mean ' +
    'residual shift at the centre (a common offset, which moves the tomogram without blurring it) is reported ' +
    'apart, with the RMS left after removing it. JSON: {views, rmsPx, maxPx, worstView (1-based), commonShiftPx, ' +
    'rmsRelativePx, rmsRigidPx (with --tilts), perViewPx}. With --tilts (the TRUE angles) the error left after ' +
    'removing the best 3D translation of the specimen, (X0·cos θ + Z0·sin θ, Y0) on the detector, is reported ' +
    'too: no alignment from the views alone can fix that translation, so this is the part that blurs.',
  positionals: [{ name: 'EST.xf', help: 'estimated transforms (IMOD .xf, raw → aligned)' }],
  options: [
    { name: 'ref', type: 'string', required: true, valueName: 'TRUE.xf', help: 'the true transforms' },
    {
      name: 'size',
      type: 'list',
      count: 2,
      required: true,
      integer: true,
      min: 1,
      valueName: 'NX,NY',
      help: 'image size in px (the tilt series nx, ny)',
    },
    {
      name: 'tilts',
      type: 'string',
      valueName: 'TS.tlt',
      help: 'the true tilt angles: also report the error without the specimen’s 3D translation',
    },
  ],
  examples: ['wedgelab xferror aligned.xf --ref sim_truth.xf --size 256,256'],
  async run(args) {
    const est = await loadXf(args.positional('EST.xf') ?? '', 'EST.xf');
    const truth = await loadXf(args.string('ref') ?? '', '--ref');
    const [nu, nv] = args.list('size') ?? [];
    const { alignmentError } = await import('../../core/metrics/index.ts');
    const tilts = args.string('tilts');
    const angles = tilts !== undefined ? await loadTilts(tilts) : undefined;
    const r = alignmentError(est, truth, { nu, nv }, angles);
    const { perViewPx, ...summary } = r;
    const json: XfErrorJson = { views: est.length, ...summary, worstView: r.worstView + 1, perViewPx };
    const text = table([
      ['views', String(est.length)],
      ['RMS error', `${fmt(r.rmsPx, 4)} px`],
      ['worst', `${fmt(r.maxPx, 4)} px (view ${r.worstView + 1})`],
      [
        'common shift',
        `${fmt(r.commonShiftPx[0], 4)}, ${fmt(r.commonShiftPx[1], 4)} px (moves, does not blur)`,
      ],
      ['RMS without it', `${fmt(r.rmsRelativePx, 4)} px`],
      ...(r.rmsRigidPx !== undefined
        ? [['RMS without a 3D shift', `${fmt(r.rmsRigidPx, 4)} px (the part that blurs)`] as [string, string]]
        : []),
    ]);
    return { json, text };
  },
};
