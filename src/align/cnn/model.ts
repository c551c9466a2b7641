/**
 * The shift network: a siamese convolutional feature extractor, a correlation layer and a small regression
 * head (FlowNetC's design, Dosovitskiy et al. 2015, cut down to one global displacement).
 *
 *   ref, mov (N × h × w × 1, in noise sds) → the same convolutions → features fr, fm (N × h × w × F)
 *   correlation c[u][f] = mean over pixels of fr(x)·fm(x + u), for the lags u ∈ {−R … R}² (binned px)
 *   c / rms(c) → dense (ReLU) → dense → (tx, ty), the correction to the moving view's shift in binned px
 *
 * The learned filters play the part of xcorr's fixed band-pass, and the head that of its peak interpolation
 * (it can learn the taper's pull towards zero shift that xcorr removes with a second pass). The global mean
 * makes the network indifferent to the image size. The convolutions carry their own gradients (conv3x3),
 * because tfjs's WASM backend has no Conv2DBackpropFilter kernel; every op used here has a kernel on the
 * WASM and CPU backends (the CPU backend runs the same network, ~10–50× slower).
 * Weights are initialised from our seeded Rng, so a seed gives the same network on every backend.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../core/phantoms/index.ts';

export interface ConvSpec {
  filters: number;
  /** spacing of the 3 × 3 taps, pixels (1 = an ordinary 3 × 3 convolution) */
  dilation: number;
  relu: boolean;
}

export interface ShiftNetSpec {
  convs: ConvSpec[];
  /** correlation lags −R … R in each direction, binned pixels */
  lagRadius: number;
  hidden: number;
}

export const DEFAULT_SPEC: ShiftNetSpec = {
  convs: [
    { filters: 8, dilation: 1, relu: false },
    { filters: 8, dilation: 2, relu: false },
  ],
  lagRadius: 1,
  hidden: 32,
};

/** A network being trained: its spec and its weights as tfjs variables, in `weightShapes(spec)` order. */
export interface ShiftNet {
  spec: ShiftNetSpec;
  weights: tf.Variable[];
}

/** A trained network as plain numbers (what a model holds, saves and sends to a worker). */
export interface NetWeights {
  spec: ShiftNetSpec;
  values: Float32Array[];
}

/** Shapes of the weights: per conv [3, 3, cin, filters] and [filters]; then the two dense layers and biases. */
export function weightShapes(spec: ShiftNetSpec): number[][] {
  const shapes: number[][] = [];
  let cin = 1;
  for (const c of spec.convs) {
    shapes.push([3, 3, cin, c.filters], [c.filters]);
    cin = c.filters;
  }
  const lags = (2 * spec.lagRadius + 1) ** 2;
  shapes.push([lags * cin, spec.hidden], [spec.hidden], [spec.hidden, 2], [2]);
  return shapes;
}

/** He-normal weights (fan-in from the shape), zero biases, from `seed`. */
export function createShiftNet(spec: ShiftNetSpec = DEFAULT_SPEC, seed = 1): ShiftNet {
  const rng = new Rng(seed);
  const shapes = weightShapes(spec);
  const weights = shapes.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(size);
    if (shape.length > 1) {
      // the output layer starts small, so the first predictions are ≈ 0 (no correction)
      const fanIn = size / shape[shape.length - 1];
      const sd = i === shapes.length - 2 ? 0.01 : Math.sqrt(2 / fanIn);
      for (let k = 0; k < size; k++) v[k] = sd * rng.normal();
    }
    return tf.variable(tf.tensor(v, shape), true);
  });
  return { spec, weights };
}

/** The variables' current values; the variables are disposed. */
export function freezeShiftNet(net: ShiftNet): NetWeights {
  const values = net.weights.map((w) => w.dataSync() as Float32Array);
  for (const w of net.weights) w.dispose();
  return { spec: net.spec, values };
}

/** Plain weights as tensors (inside tf.tidy). */
export function weightTensors(net: NetWeights): tf.Tensor[] {
  const shapes = weightShapes(net.spec);
  return net.values.map((v, i) => tf.tensor(v, shapes[i]));
}

/**
 * 3 × 3 convolution, 'same' zero padding, `dilation` between taps, with its gradients written out: tfjs's
 * own gradient needs a Conv2DBackpropFilter kernel, which its WASM backend lacks. The input gradient is the
 * convolution of dy with the kernel turned by 180° (channels swapped); the kernel gradient dW[ky,kx,ci,co] =
 * Σ x(y + ky·d, x + kx·d, ci)·dy(y, x, co) is itself a convolution, of the padded input seen as ci images
 * of n channels with dy seen as an n → co filter, sampled at stride d.
 */
const convs = new Map<number, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D>();

function conv3x3(dilation: number): (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D {
  const d = dilation;
  let op = convs.get(d);
  if (op) return op;
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.conv2d(x, w, 1, 'same', 'NHWC', d),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const turned = tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
        const dx = tf.conv2d(dy, turned, 1, 'same', 'NHWC', d);
        const xp = tf.pad(xs, [
          [0, 0],
          [d, d],
          [d, d],
          [0, 0],
        ]);
        const g = tf.conv2d(
          tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D,
          tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D,
          d,
          'valid',
        );
        return [dx, tf.transpose(g, [1, 2, 0, 3])];
      },
    };
  });
  op = (x, w) => f(x, w) as tf.Tensor4D;
  convs.set(d, op);
  return op;
}

function features(spec: ShiftNetSpec, weights: tf.Tensor[], x: tf.Tensor4D): tf.Tensor4D {
  let h = x;
  spec.convs.forEach((c, l) => {
    h = tf.add(conv3x3(c.dilation)(h, weights[2 * l] as tf.Tensor4D), weights[2 * l + 1]);
    if (c.relu) h = tf.relu(h);
  });
  return h;
}

/** Correlation of two feature maps at the lags −R … R (y outer, x inner), normalised: N × lags × F. */
function correlation(fr: tf.Tensor4D, fm: tf.Tensor4D, radius: number): tf.Tensor3D {
  const [n, h, w, f] = fr.shape;
  const r = radius;
  const padded = tf.pad(fm, [
    [0, 0],
    [r, r],
    [r, r],
    [0, 0],
  ]);
  const lags: tf.Tensor[] = [];
  for (let v = -r; v <= r; v++)
    for (let u = -r; u <= r; u++)
      lags.push(tf.mean(tf.mul(fr, tf.slice(padded, [0, r + v, r + u, 0], [n, h, w, f])), [1, 2]));
  const raw = tf.stack(lags, 1);
  // centred over the lags: what is common to all lags (the broad low-frequency part) says nothing about
  // the shift and would drown the differences between lags that do (CV error 0.64 → 0.33 px on blob pairs)
  const c = tf.sub(raw, tf.mean(raw, 1, true));
  // scale-free: the head reads the shape of the correlation, not its height
  const rms = tf.sqrt(tf.add(tf.mean(tf.square(c), [1, 2], true), 1e-12));
  return tf.div(c, rms) as tf.Tensor3D;
}

/**
 * Predicted corrections (N × 2, binned px) for a batch of pairs (N × h × w × 1 each), `weights` in
 * `weightShapes(spec)` order. Call inside tf.tidy (or dispose the result); gradients flow to the weights.
 */
export function predictShift(
  spec: ShiftNetSpec,
  weights: tf.Tensor[],
  ref: tf.Tensor4D,
  mov: tf.Tensor4D,
): tf.Tensor2D {
  const n = ref.shape[0];
  const both = features(spec, weights, tf.concat([ref, mov], 0));
  const fr = tf.slice(both, [0, 0, 0, 0], [n, -1, -1, -1]);
  const fm = tf.slice(both, [n, 0, 0, 0], [n, -1, -1, -1]);
  const c = correlation(fr, fm, spec.lagRadius);
  const [, lags, f] = c.shape;
  // swapping the pair reverses the lags (the features are shared) and must negate the shift, so the
  // output is ½[head(c) − head(reversed c)]: antisymmetric by construction, with no constant bias, which a
  // chain would add up view after view (0.04 px per step, 1.8 px at 60°, before this)
  const flat = tf.reshape(tf.concat([c, tf.reverse(c, 1)], 0), [2 * n, lags * f]);
  const k = 2 * spec.convs.length;
  const hidden = tf.relu(tf.add(tf.matMul(flat, weights[k] as tf.Tensor2D), weights[k + 1]));
  const out = tf.add(tf.matMul(hidden, weights[k + 2] as tf.Tensor2D), weights[k + 3]);
  return tf.mul(tf.sub(tf.slice(out, [0, 0], [n, 2]), tf.slice(out, [n, 0], [n, 2])), 0.5) as tf.Tensor2D;
}
