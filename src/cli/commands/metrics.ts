// wedgelab metrics REC --ref TRUTH: PSNR, SSIM, VIF and FSC of a reconstruction against the truth,
// with the FSC split into measured and missing-wedge regions when the tilt list is given.
import { fmt, table } from '../format.ts';
import { crossingRows, fscCurveText, fscJson, computeFsc, type FscJson } from '../fscReport.ts';
import { readerOptions, readOptionsFrom } from '../mrcInput.ts';
import type { CommandSpec } from '../spec.ts';
import { checkSameShape, knownVoxelSize, loadVolume, tiltOptions, tiltsFromArgs } from '../volumePair.ts';

export interface MetricsJson extends FscJson {
  /** dB; null when the maps are identical (MSE 0, PSNR +∞: JSON has no Infinity) */
  psnr: number | null;
  ssim: number;
  /** null when undefined for these volumes (reason in `undefined.vif`) */
  vif: number | null;
  /** metrics that are undefined for this input, with why */
  undefined?: Record<string, string>;
}

export function metricsText(j: MetricsJson, tilts: number | null): string {
  const rows: [string, string][] = [
    ['PSNR', j.psnr === null ? '∞ dB (identical maps)' : `${fmt(j.psnr, 5)} dB`],
    ['SSIM', fmt(j.ssim, 5)],
    ['VIF', j.vif === null ? `undefined (${j.undefined?.vif ?? 'no reason given'})` : fmt(j.vif, 5)],
    ...crossingRows(j),
  ];
  if (tilts !== null) rows.push(['tilts', `${tilts} angles: FSC split into present/missing regions`]);
  return table(rows) + '\n' + fscCurveText(j.fsc);
}

export const metrics: CommandSpec = {
  name: 'metrics',
  summary: 'score a reconstruction against the truth: PSNR, SSIM, VIF, FSC (directional with --tilts)',
  description:
    'PSNR uses data range = truth max − min; SSIM is scikit-image structural_similarity on the 3D map (Gaussian ' +
    'σ 1.5, population covariances); VIF is pixel-domain VIFp over 4 scales, xy slices pooled, after mapping the truth’s range to 0–255. ' +
    'FSC shells are 1/M wide (M = largest dimension) from 1/M to 0.5 cycles/px; fsc143/fsc05 are where the total curve ' +
    'first drops below 0.143/0.5, as {perPx, angstrom} (angstrom null when no header states a voxel size), or null ' +
    'when the curve never drops below. With --tilts the FSC is also given over the Fourier points the real tilt views ' +
    'measured (present) and the rest (missing); a shell with no point in a region is null there. JSON: {psnr, ssim, vif (null when undefined for these volumes, with the reason in undefined.vif), fsc: {freq, all, present?, missing?}, fsc143, ' +
    'fsc05}; psnr is null when the maps are identical (PSNR is +∞ and JSON cannot hold Infinity).',
  positionals: [{ name: 'REC', help: 'reconstruction (MRC), the same nx × ny × nz as the truth' }],
  options: [
    {
      name: 'ref',
      type: 'string',
      valueName: 'TRUTH.mrc',
      required: true,
      help: 'ground-truth volume (MRC)',
    },
    ...tiltOptions,
    ...readerOptions,
  ],
  examples: [
    'wedgelab metrics rec.mrc --ref sim_truth.mrc',
    'wedgelab metrics rec.mrc --ref sim_truth.mrc --tilts sim.tlt --json',
  ],
  async run(args, ctx) {
    const opts = readOptionsFrom(args);
    // Parse the tilt file first: a junk file fails before minutes of reading and scoring.
    const tilts = await tiltsFromArgs(args, (m) => ctx.warn(m));
    const progress = ctx.progress('metrics');
    const rec = await loadVolume(args.positional('REC') ?? '', opts, (f) =>
      progress.update(0.05 * f, 'reading REC'),
    );
    const truth = await loadVolume(args.string('ref') ?? '', opts, (f) =>
      progress.update(0.05 + 0.05 * f, 'reading --ref'),
    );
    checkSameShape(rec, 'REC', truth, '--ref');
    const m = await import('../../core/metrics/index.ts');
    const t = truth.volume;
    const r = rec.volume;
    const dataRange = m.dataRangeOf(t);
    const psnr = m.psnr(t, r, dataRange);
    progress.update(0.1, 'SSIM');
    const ssim = m.ssim3d(t, r, { dataRange });
    progress.update(0.45, 'VIF');
    // VIFp's noise variance (2) assumes 0–255 intensities: rescale by the truth's range, or VIF ≈ 1 for anything
    const vif = await m.optionalMetric(() => m.vif(t, r, { scaleTo255: true }));
    progress.update(0.8, 'FSC');
    const fsc = fscJson(
      await computeFsc(r, t, tilts, args.number('tilt-axis') ?? 0),
      knownVoxelSize(rec, truth),
    );
    progress.done();
    const json: MetricsJson = {
      psnr: Number.isFinite(psnr) ? psnr : null,
      ssim,
      vif: vif.value,
      ...(vif.reason ? { undefined: { vif: vif.reason } } : {}),
      ...fsc,
    };
    return { json, text: metricsText(json, tilts ? tilts.length : null) };
  },
};
