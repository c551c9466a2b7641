/**
 * A SIREN's shape and parameters, without the kernels (sirenNet.ts trains it): the spec, the parameter
 * block's layout, WUCON's initialisation, and the FLOPs of a step. Plans, saved networks and benchmarks need
 * these and not the WebAssembly.
 *
 * Parameter block (float32, one array so Adam runs once over it), per layer l: W_l (in_l × W, row-major,
 * the input 3 padded to 4 with a zero row), b_l (W); then the output weights w (W) and bias (padded to 4).
 */
import { WedgeLabError } from '../../core/errors.ts';
import { Rng } from '../../core/phantoms/index.ts';

export interface SirenSpec {
  /** hidden features W (multiple of 8) */
  width: number;
  /** hidden W × W layers (WUCON: 4) */
  depth: number;
  /** ω0 of every sine (WUCON: 30) */
  omega0: number;
  /**
   * positional encoding: F > 0 feeds (x, y, z, sin 2^k π c, cos 2^k π c for k < F) to the first layer
   * (NeRF's); absent or 0: the raw coordinates (WUCON with sines)
   */
  encoding?: number;
}

/** Features of the first layer's input: x, y, z (+ 6 per encoding frequency), padded with zeros to 4k. */
export function inputFeatures(spec: SirenSpec): { used: number; padded: number } {
  const used = 3 + 6 * (spec.encoding ?? 0);
  return { used, padded: Math.ceil(used / 4) * 4 };
}
/** points per block of the weight-gradient products (the block's rows of two W-wide arrays stay in L2) */
export const K_BLOCK = 128;

/** Offsets (floats) of each layer's weights and bias in the parameter block, and its total size. */
export function paramLayout(spec: SirenSpec): {
  w: number[];
  b: number[];
  out: number;
  outBias: number;
  size: number;
} {
  const W = spec.width;
  const w: number[] = [];
  const b: number[] = [];
  let o = 0;
  for (let l = 0; l <= spec.depth; l++) {
    w.push(o);
    o += (l === 0 ? inputFeatures(spec).padded : W) * W;
    b.push(o);
    o += W;
  }
  return { w, b, out: o, outBias: o + W, size: o + W + 4 };
}

/** FLOPs of one training step (forward + backward) on M points, counted as 2 per multiply-add. */
export function stepFlops(spec: SirenSpec, M: number): number {
  const W = spec.width;
  const macs = inputFeatures(spec).used * W + spec.depth * W * W + W;
  return 3 * 2 * macs * M;
}

export function checkSpec(spec: SirenSpec): void {
  if (!Number.isInteger(spec.width) || spec.width < 8 || spec.width % 8 !== 0 || spec.width > 2048)
    throw new WedgeLabError('bad-argument', `network width ${spec.width}: must be a multiple of 8 in 8…2048`);
  if (!Number.isInteger(spec.depth) || spec.depth < 0 || spec.depth > 16)
    throw new WedgeLabError('bad-argument', `network depth ${spec.depth}: must be an integer in 0…16`);
  const F = spec.encoding ?? 0;
  if (!Number.isInteger(F) || F < 0 || F > 16)
    throw new WedgeLabError(
      'bad-argument',
      `positional encoding ${F}: must be an integer number of frequencies in 0…16`,
    );
  if (!(spec.omega0 > 0 && spec.omega0 <= 1000))
    throw new WedgeLabError('bad-argument', `ω0 ${spec.omega0}: must be in (0, 1000]`);
}

/** WUCON's SIREN initialisation from our seeded Rng: first layer U(±1/fan_in) (1/3 without encoding), others U(±√(6/W)/ω0), biases U(±1/√fan_in) (torch's Linear default). */
export function initialParams(spec: SirenSpec, seed: number): Float32Array {
  const L = paramLayout(spec);
  const p = new Float32Array(L.size);
  const rng = new Rng(seed);
  const W = spec.width;
  const inputs = inputFeatures(spec);
  for (let l = 0; l <= spec.depth; l++) {
    const fanIn = l === 0 ? inputs.used : W;
    const bound = l === 0 ? 1 / fanIn : Math.sqrt(6 / W) / spec.omega0;
    for (let r = 0; r < (l === 0 ? inputs.padded : W); r++)
      for (let j = 0; j < W; j++) p[L.w[l] + r * W + j] = r < fanIn ? rng.uniform(-bound, bound) : 0;
    const bb = 1 / Math.sqrt(fanIn);
    for (let j = 0; j < W; j++) p[L.b[l] + j] = rng.uniform(-bb, bb);
  }
  const bound = Math.sqrt(6 / W) / spec.omega0;
  for (let j = 0; j < W; j++) p[L.out + j] = rng.uniform(-bound, bound);
  p[L.outBias] = rng.uniform(-1 / Math.sqrt(W), 1 / Math.sqrt(W));
  return p;
}
