/**
 * `cnnAlign`: the learned shift predictor (README.md). xcorr's chain gives coarse neighbour shifts in a binned
 * working frame; a small siamese CNN, trained on synthetic pairs made from this very series (or loaded),
 * refines each neighbour measurement within ±maxShiftPx, and the refined shifts are chained as xcorr chains.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { throwIfCancelled } from '../../recon/algorithms/hooks.ts';
import { binFor, binnedFrame } from '../image/frame.ts';
import type { AlignHooks, AlignInput, AlignResult } from '../types.ts';
import { selectViews, viewNames } from '../views.ts';
import { shiftResult } from '../result.ts';
import { xcorrChain } from '../xcorr/chain.ts';
import { initShiftBackend, type ShiftBackendOptions } from './backend.ts';
import { cnnChain, cnnResiduals } from './chain.ts';
import { buildDataset, viewImage } from './dataset.ts';
import { describeNoise, estimateNoise } from './noise.ts';
import type { ShiftModel } from './shiftModel.ts';
import { TRAIN_DEFAULTS, trainShiftModel } from './train.ts';
import type { ShiftNetSpec } from './model.ts';

export { saveShiftModel, loadShiftModel, type ShiftModel } from './shiftModel.ts';
export { initShiftBackend, type ShiftBackendOptions } from './backend.ts';
export { estimateNoise, noiseVariance, describeNoise, type NoiseModel } from './noise.ts';
export { DEFAULT_SPEC, type ShiftNetSpec } from './model.ts';

export interface CnnAlignOptions {
  /** passes over the training pairs per fold network (default 4) */
  epochs?: number;
  /** k of the k-fold cross-validation, also the number of networks averaged (default 3) */
  folds?: number;
  /** seeds the pairs, the weights and the batch order (default 1) */
  seed?: number;
  /** a model from loadShiftModel (or an earlier run): no training, its working binning is used */
  model?: ShiftModel;
  /** synthetic pairs per view (default 32) */
  pairsPerView?: number;
  /** the range the network corrects, full-resolution px per axis (default 2) */
  maxShiftPx?: number;
  /** the working frame's larger side, binned px (default 32: a 256² view is binned by 8) */
  inputPx?: number;
  /** train on random crops of this side (binned px); default: the whole frame */
  cropPx?: number;
  /** network refinements per neighbour pair (default 2) */
  passes?: number;
  batchSize?: number;
  learningRate?: number;
  spec?: ShiftNetSpec;
  tiltOffsetDeg?: number;
  backend?: ShiftBackendOptions;
}

export interface CnnAlignResult extends AlignResult {
  /** the model's k-fold CV error on synthetic pairs, full-resolution px (for a loaded model: its own) */
  cvErrorPx: number;
  /** the CV error of predicting no correction: the spread of the training shifts */
  cvBaselinePx: number;
  /** the model used: trained here or the one given (plain numbers; saveShiftModel writes it) */
  model: ShiftModel;
  /** tfjs backend it ran on */
  backend: string;
  /** what noise the training pairs were given, measured on the view nearest 0° (noise.ts) */
  noise: string;
}

export const CNN_DEFAULTS = { pairsPerView: 32, maxShiftPx: 2, inputPx: 32, passes: 2 } as const;

/** Integer or number options within their ranges, or a one-line error naming the option. */
function checkOptions(opts: CnnAlignOptions): void {
  const ranges: [keyof CnnAlignOptions, number, number, boolean][] = [
    ['epochs', 1, 1000, true],
    ['pairsPerView', 1, 10000, true],
    ['passes', 1, 10, true],
    ['inputPx', 8, 1024, true],
    ['batchSize', 1, 4096, true],
    ['maxShiftPx', 0.01, 64, false],
    ['learningRate', 1e-6, 1, false],
  ];
  for (const [name, lo, hi, integer] of ranges) {
    const v = opts[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= lo && v <= hi) || (integer && !Number.isInteger(v))) {
      throw new WedgeLabError(
        'bad-argument',
        `cnn alignment: ${name} = ${String(v)}; expected ${integer ? 'an integer' : 'a number'} from ${lo} to ${hi}`,
      );
    }
  }
}

export async function cnnAlign(
  input: AlignInput,
  opts: CnnAlignOptions = {},
  hooks: AlignHooks = {},
): Promise<CnnAlignResult> {
  checkOptions(opts);
  const backend = await initShiftBackend(opts.backend);
  const sel = selectViews(input);
  if (sel.byTilt.length < 2) {
    throw new WedgeLabError(
      'bad-argument',
      `cnn alignment needs at least 2 usable views, got ${sel.byTilt.length}`,
    );
  }
  const seed = opts.seed ?? 1;
  const axis = input.axisRotationDeg;
  const offset = opts.tiltOffsetDeg ?? 0;
  const bin = opts.model?.frameBin ?? binFor(input.det, opts.inputPx ?? CNN_DEFAULTS.inputPx);
  const frame = binnedFrame(input.det, bin);
  const report = (from: number, to: number) => (f: number, d: string) =>
    hooks.onProgress?.(from + (to - from) * f, d);
  const coarse = await xcorrChain(
    input,
    sel,
    axis,
    offset,
    { binning: bin },
    {
      signal: hooks.signal,
      onProgress: report(0, 0.05),
    },
  );
  let model = opts.model;
  const noiseSd: number[] = new Array(input.anglesDeg.length).fill(NaN);
  let noiseNote: string;
  if (model) {
    const pixelA = input.pixelSizeA ? input.pixelSizeA * bin : undefined;
    const models = sel.byTilt.map((k) => estimateNoise(viewImage(input, k, frame), frame.w, frame.h, pixelA));
    sel.byTilt.forEach((k, t) => (noiseSd[k] = models[t].sd));
    noiseNote = describeNoise(models[sel.anchor]);
  } else {
    const maxShiftPx = opts.maxShiftPx ?? CNN_DEFAULTS.maxShiftPx;
    const pairsPerView = opts.pairsPerView ?? CNN_DEFAULTS.pairsPerView;
    const { set, noise } = await buildDataset(
      input,
      sel.byTilt,
      frame,
      { pairsPerView, maxShiftPx, seed, cropPx: opts.cropPx },
      { signal: hooks.signal, onProgress: report(0.05, 0.1) },
    );
    noise.forEach((v) => (noiseSd[v.view] = v.noise.sd));
    // the view nearest 0° speaks for the series
    noiseNote = describeNoise(noise[sel.anchor].noise);
    const train = {
      ...TRAIN_DEFAULTS,
      ...(opts.epochs !== undefined ? { epochs: opts.epochs } : {}),
      ...(opts.folds !== undefined ? { folds: opts.folds } : {}),
      ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}),
      ...(opts.learningRate !== undefined ? { learningRate: opts.learningRate } : {}),
      seed,
      spec: opts.spec,
    };
    const trained = await trainShiftModel(set, sel.byTilt, bin, train, {
      signal: hooks.signal,
      onProgress: report(0.1, 0.9),
    });
    model = {
      members: trained.members,
      frameBin: bin,
      maxShiftPx,
      cvErrorPx: trained.cvErrorPx,
      cvBaselinePx: trained.cvBaselinePx,
      trainedOn: {
        views: sel.byTilt.length,
        pairs: set.count,
        epochs: train.epochs,
        folds: train.folds,
        seed,
        noise: noiseNote,
      },
    };
  }
  throwIfCancelled(hooks.signal, 'alignment');
  const cosOf = (k: number) => Math.cos(((input.anglesDeg[k] + offset) * Math.PI) / 180);
  const passes = opts.passes ?? CNN_DEFAULTS.passes;
  const chain = await cnnChain(input, sel, frame, coarse.shifts, noiseSd, model, passes, cosOf, {
    signal: hooks.signal,
    onProgress: report(0.9, 0.97),
  });
  const residualsPx = await cnnResiduals(chain, sel, frame, noiseSd, model, cosOf, hooks);
  hooks.onProgress?.(1, 'residuals');
  const big = chain.correctionsPx.flatMap((c, k) => (c !== null && c > 2 * model.maxShiftPx ? [k] : []));
  const base = shiftResult(
    'cnn',
    input,
    sel,
    {
      shifts: chain.shifts,
      residualsPx,
      scores: chain.scores,
      correlations: coarse.correlations,
      axisRotationDeg: axis,
      tiltOffsetDeg: offset,
    },
    big.length
      ? [
          `${viewNames(big, input.anglesDeg)}: the network moved xcorr's shift by more than twice its training range (${model.maxShiftPx} px); check them`,
        ]
      : [],
  );
  return {
    ...base,
    converged: true,
    iterations: passes,
    cvErrorPx: model.cvErrorPx,
    cvBaselinePx: model.cvBaselinePx,
    model,
    backend,
    noise: noiseNote,
  };
}
