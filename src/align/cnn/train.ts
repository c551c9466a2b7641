/**
 * Training with k-fold cross-validation. The views are split into `folds` contiguous blocks of tilt (block CV:
 * neighbouring views look alike, so interleaved folds would test on near-copies of the training views); each
 * fold's network is trained on the other blocks and scored on its own, and the CV error is the RMS over all
 * held-out pairs of |predicted − true| shift (full-resolution px). The predictor is the ensemble (mean) of the
 * fold networks, so no view's pairs are ever scored by a network that saw them, and no extra training is run.
 * Loss: MSE on the shift vector (binned px). Adam (Kingma & Ba) with a cosine-decayed step, written out here
 * because tfjs's optimiser cannot change its learning rate; mini-batches shuffled from the seed.
 */
import * as tf from '@tensorflow/tfjs';
import { WedgeLabError } from '../../core/errors.ts';
import { Rng } from '../../core/phantoms/index.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import type { AlignHooks } from '../types.ts';
import { batchTensors, type PairSet } from './inputs.ts';
import {
  createShiftNet,
  freezeShiftNet,
  predictShift,
  weightTensors,
  DEFAULT_SPEC,
  type NetWeights,
  type ShiftNetSpec,
} from './model.ts';

export interface TrainOptions {
  epochs: number;
  folds: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  spec?: ShiftNetSpec;
}

export const TRAIN_DEFAULTS: Omit<TrainOptions, 'seed'> = {
  epochs: 4,
  folds: 3,
  batchSize: 32,
  learningRate: 5e-3,
};

export interface TrainResult {
  members: NetWeights[];
  /** RMS over held-out pairs of the shift-vector error, full-resolution px */
  cvErrorPx: number;
  /** the same for a predictor that always says 0 (the spread of the labels): what the CV error beats */
  cvBaselinePx: number;
  foldErrorsPx: number[];
  /** views of each fold */
  foldViews: number[][];
}

/** Contiguous blocks of the views in tilt order (`byTilt`), as even as possible. */
export function foldsOf(byTilt: readonly number[], folds: number): number[][] {
  const out: number[][] = [];
  for (let f = 0; f < folds; f++) {
    out.push(
      byTilt.slice(Math.round((f * byTilt.length) / folds), Math.round(((f + 1) * byTilt.length) / folds)),
    );
  }
  return out;
}

class Adam {
  private m: tf.Variable[];
  private v: tf.Variable[];
  private t = 0;
  constructor(private readonly weights: tf.Variable[]) {
    this.m = weights.map((w) => tf.variable(tf.zerosLike(w), false));
    this.v = weights.map((w) => tf.variable(tf.zerosLike(w), false));
  }
  step(grads: tf.NamedTensorMap, lr: number, b1 = 0.9, b2 = 0.999, eps = 1e-8): void {
    this.t++;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    tf.tidy(() => {
      this.weights.forEach((w, i) => {
        const g = grads[w.name];
        this.m[i].assign(tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1)));
        this.v[i].assign(tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2)));
        const update = tf.div(tf.mul(this.m[i], lr / c1), tf.add(tf.sqrt(tf.div(this.v[i], c2)), eps));
        w.assign(tf.sub(w, update));
      });
    });
  }
  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

/** Mean prediction of the members for the pairs at `indices` (N × 2, binned px), in chunks. */
export function predictPairs(
  members: readonly NetWeights[],
  set: PairSet,
  indices: ArrayLike<number>,
  chunk = 32,
): Float32Array {
  const out = new Float32Array(2 * indices.length);
  for (let s = 0; s < indices.length; s += chunk) {
    const idx = Array.from({ length: Math.min(chunk, indices.length - s) }, (_, b) => indices[s + b]);
    const values = tf.tidy(() => {
      const { ref, mov } = batchTensors(set, idx);
      const preds = members.map((net) => predictShift(net.spec, weightTensors(net), ref, mov));
      return tf.div(tf.addN(preds), members.length);
    });
    out.set(values.dataSync() as Float32Array, 2 * s);
    values.dispose();
  }
  return out;
}

function rmsError(pred: Float32Array, set: PairSet, indices: readonly number[]): [number, number] {
  let e = 0;
  let z = 0;
  indices.forEach((k, b) => {
    const lx = set.labels[2 * k];
    const ly = set.labels[2 * k + 1];
    e += (pred[2 * b] - lx) ** 2 + (pred[2 * b + 1] - ly) ** 2;
    z += lx * lx + ly * ly;
  });
  return [Math.sqrt(e / indices.length), Math.sqrt(z / indices.length)];
}

async function trainMember(
  set: PairSet,
  indices: number[],
  opts: TrainOptions,
  seed: number,
  yielder: Yielder,
  onStep: () => void,
): Promise<NetWeights> {
  const net = createShiftNet(opts.spec ?? DEFAULT_SPEC, seed);
  const adam = new Adam(net.weights);
  const rng = new Rng(seed ^ 0x5bd1e995);
  const order = [...indices];
  const steps = opts.epochs * Math.ceil(order.length / opts.batchSize);
  let step = 0;
  try {
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let s = 0; s < order.length; s += opts.batchSize) {
        await yielder.tick();
        const lr = opts.learningRate * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * step) / steps)));
        const batch = batchTensors(set, order.slice(s, s + opts.batchSize));
        const { value, grads } = tf.variableGrads(
          () =>
            tf.losses.meanSquaredError(
              batch.labels,
              predictShift(net.spec, net.weights, batch.ref, batch.mov),
            ) as tf.Scalar,
          net.weights,
        );
        adam.step(grads, lr);
        const loss = value.dataSync()[0];
        tf.dispose([value, batch.ref, batch.mov, batch.labels, ...Object.values(grads)]);
        if (!Number.isFinite(loss)) {
          throw new WedgeLabError(
            'bad-argument',
            'shift-model training diverged (non-finite loss); try a smaller learning rate',
          );
        }
        step++;
        onStep();
      }
    }
  } catch (e) {
    for (const w of net.weights) w.dispose();
    throw e;
  } finally {
    adam.dispose();
  }
  return freezeShiftNet(net);
}

export async function trainShiftModel(
  set: PairSet,
  byTilt: readonly number[],
  frameBin: number,
  opts: TrainOptions,
  hooks: AlignHooks = {},
): Promise<TrainResult> {
  const folds = Math.round(opts.folds);
  if (!(folds >= 2) || folds > byTilt.length) {
    throw new WedgeLabError(
      'bad-argument',
      `folds = ${opts.folds}; expected an integer from 2 to the number of views (${byTilt.length})`,
    );
  }
  const foldViews = foldsOf(byTilt, folds);
  const foldOfView = new Map<number, number>();
  foldViews.forEach((vs, f) => vs.forEach((k) => foldOfView.set(k, f)));
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const perFold = Math.ceil((set.count * (folds - 1)) / folds / opts.batchSize) * opts.epochs;
  const total = perFold * folds;
  let done = 0;
  const members: NetWeights[] = [];
  const foldErrorsPx: number[] = [];
  let sumErr = 0;
  let sumZero = 0;
  let held = 0;
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let q = 0; q < set.count; q++) (foldOfView.get(set.views[q]) === f ? test : train).push(q);
    const net = await trainMember(set, train, opts, opts.seed * 31 + f, yielder, () => {
      done++;
      if (done % 4 === 0) hooks.onProgress?.(done / total, `training fold ${f + 1}/${folds}`);
    });
    members.push(net);
    const [err, zero] = rmsError(predictPairs([net], set, test), set, test);
    foldErrorsPx.push(err * frameBin);
    sumErr += err * err * test.length;
    sumZero += zero * zero * test.length;
    held += test.length;
  }
  return {
    members,
    cvErrorPx: Math.sqrt(sumErr / held) * frameBin,
    cvBaselinePx: Math.sqrt(sumZero / held) * frameBin,
    foldErrorsPx,
    foldViews,
  };
}
