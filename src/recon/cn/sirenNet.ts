/**
 * A SIREN (Sitzmann et al. 2020) as WUCON builds it: Linear(3, W) + sin(ω0·), `depth` × [Linear(W, W) +
 * sin(ω0·)], Linear(W, 1), trained here by our WASM SIMD kernels (kernel/siren.as.ts): forward, exact
 * backward, AdamW(amsgrad). One instance owns one WebAssembly memory; points are a batch of M (x, y, z)
 * in the caller's units (WUCON: linspace(0, 1) per axis). The spec, parameter layout and initialisation are
 * in sirenSpec.ts.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { WASM_BASE64 } from './kernel/siren.wasm.ts';
import { checkSpec, inputFeatures, K_BLOCK, paramLayout, type SirenSpec } from './sirenSpec.ts';

/** gemm's epilogue modes (kernel/siren.as.ts) */
const STORE = 0;
const ACCUMULATE = 1;
const SINE = 2;
const TIMES = 3;

interface Kernels {
  gemm(
    a: number,
    sr: number,
    sk: number,
    b: number,
    bk: number,
    bp: number,
    c: number,
    M: number,
    N: number,
    K: number,
    mode: number,
    p1: number,
    p2: number,
    omega: number,
  ): void;
  packPanels(x: number, p: number, K: number, N: number): void;
  setConstants(p: number): void;
  CONSTANT_BYTES: WebAssembly.Global;
  outerTimes(g: number, w: number, d: number, dz: number, colSum: number, M: number, K: number): void;
  matVec(x: number, w: number, b: number, out: number, M: number, K: number): void;
  matTVec(x: number, g: number, out: number, M: number, K: number, acc: number): void;
  transpose(w: number, wt: number, K: number, N: number): void;
  adamStep(
    p: number,
    g: number,
    m: number,
    v: number,
    vmax: number,
    n: number,
    lr: number,
    b1: number,
    b2: number,
    eps: number,
    bc1: number,
    bc2: number,
  ): void;
}

let compiled: WebAssembly.Module | undefined;

function kernelModule(): WebAssembly.Module {
  if (!compiled) {
    const bin = atob(WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

const PAGE = 65536;
export interface AdamSettings {
  beta1: number;
  beta2: number;
  eps: number;
}

export const TORCH_ADAM: AdamSettings = { beta1: 0.9, beta2: 0.999, eps: 1e-8 };

/** One network, its gradients and Adam moments, and the activations of one batch of up to `capacity` points. */
export class SirenNet {
  readonly spec: SirenSpec;
  readonly layout: ReturnType<typeof paramLayout>;
  private readonly inputs: { used: number; padded: number };
  private readonly k: Kernels;
  private readonly memory: WebAssembly.Memory;
  private capacity = 0;
  private batch = 0;
  /** byte offsets */
  private pP = 0;
  private pG = 0;
  private pM = 0;
  private pV = 0;
  private pVmax = 0;
  private pWT = 0;
  /** a block of K_BLOCK points of dZ as 8-column panels (the weight-gradient product's B) */
  private pPanels = 0;
  private pX = 0;
  private pH: number[] = [];
  private pD: number[] = [];
  private pY = 0;
  private pGy = 0;
  private pB1 = 0;
  private pB2 = 0;
  private adamSteps = 0;

  constructor(spec: SirenSpec, params: Float32Array, capacity: number) {
    checkSpec(spec);
    this.spec = spec;
    this.layout = paramLayout(spec);
    this.inputs = inputFeatures(spec);
    if (params.length !== this.layout.size)
      throw new WedgeLabError(
        'bad-argument',
        `network parameters: ${params.length} values, this ${spec.depth}×${spec.width} network has ${this.layout.size}`,
      );
    this.memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(kernelModule(), { env: { memory: this.memory } });
    this.k = inst.exports as unknown as Kernels;
    this.allocate(capacity);
    this.f32(this.pP, this.layout.size).set(params);
  }

  /** Lay the buffers out for batches of up to `capacity` points (keeps parameters and Adam state). */
  private allocate(capacity: number): void {
    const keep = this.capacity ? this.state() : undefined;
    const n = this.layout.size;
    const W = this.spec.width;
    const M = Math.ceil(capacity / 4) * 4;
    let o = 0;
    const take = (floats: number): number => {
      const at = o;
      o += Math.ceil(floats / 4) * 16;
      return at;
    };
    const pConstants = take((this.k.CONSTANT_BYTES.value as number) / 4);
    this.pP = take(n);
    this.pG = take(n);
    this.pM = take(n);
    this.pV = take(n);
    this.pVmax = take(n);
    this.pWT = take(W * W);
    this.pPanels = take(K_BLOCK * W);
    this.pX = take(M * this.inputs.padded);
    this.pH = [];
    this.pD = [];
    for (let l = 0; l <= this.spec.depth; l++) {
      this.pH.push(take(M * W));
      this.pD.push(take(M * W));
    }
    this.pY = take(M);
    this.pGy = take(M);
    this.pB1 = take(M * W);
    this.pB2 = take(M * W);
    const pages = Math.ceil(o / PAGE);
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > 65536)
      throw new WedgeLabError('too-large', `network batch of ${capacity} points needs over 4 GB`);
    if (pages > have) this.memory.grow(pages - have);
    this.k.setConstants(pConstants);
    this.capacity = M;
    if (keep) this.restore(keep);
  }

  private f32(byteOffset: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, byteOffset, length);
  }

  /** Bytes of this network's WebAssembly memory (activations, gradients, parameters, Adam moments). */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** The parameter block (a copy). */
  params(): Float32Array {
    return this.f32(this.pP, this.layout.size).slice();
  }

  setParams(p: Float32Array): void {
    this.f32(this.pP, this.layout.size).set(p);
  }

  /** The gradient block of the last backward() (a view: valid until the next call). */
  gradients(): Float32Array {
    return this.f32(this.pG, this.layout.size);
  }

  /** Parameters, Adam moments and step count: what a resume needs. */
  state(): { params: Float32Array; m: Float32Array; v: Float32Array; vmax: Float32Array; steps: number } {
    const n = this.layout.size;
    return {
      params: this.f32(this.pP, n).slice(),
      m: this.f32(this.pM, n).slice(),
      v: this.f32(this.pV, n).slice(),
      vmax: this.f32(this.pVmax, n).slice(),
      steps: this.adamSteps,
    };
  }

  restore(s: ReturnType<SirenNet['state']>): void {
    const n = this.layout.size;
    this.f32(this.pP, n).set(s.params);
    this.f32(this.pM, n).set(s.m);
    this.f32(this.pV, n).set(s.v);
    this.f32(this.pVmax, n).set(s.vmax);
    this.adamSteps = s.steps;
  }

  /** A fresh optimiser (WUCON makes one per slab). */
  resetOptimizer(): void {
    const n = this.layout.size;
    this.f32(this.pM, n).fill(0);
    this.f32(this.pV, n).fill(0);
    this.f32(this.pVmax, n).fill(0);
    this.adamSteps = 0;
  }

  /**
   * The network at `points` (M × 3, x y z interleaved); the activations are kept for backward(). The
   * returned view is valid until the next call.
   */
  forward(points: Float32Array): Float32Array {
    const M = points.length / 3;
    if (!Number.isInteger(M))
      throw new WedgeLabError('bad-argument', 'points: length must be a multiple of 3');
    if (M > this.capacity) this.allocate(M);
    const Mp = Math.ceil(M / 4) * 4;
    this.batch = M;
    const IN = this.inputs.padded;
    const F = this.spec.encoding ?? 0;
    const x = this.f32(this.pX, Mp * IN);
    x.fill(0);
    for (let i = 0; i < M; i++) {
      for (let a = 0; a < 3; a++) {
        const c = points[3 * i + a];
        x[IN * i + a] = c;
        for (let f = 0; f < F; f++) {
          const t = Math.PI * 2 ** f * c;
          x[IN * i + 3 + 6 * f + 2 * a] = Math.sin(t);
          x[IN * i + 4 + 6 * f + 2 * a] = Math.cos(t);
        }
      }
    }
    const { k, layout: L } = this;
    const W = this.spec.width;
    const pw = (f: number): number => this.pP + 4 * f;
    let prev = this.pX;
    let inW = this.inputs.padded;
    for (let l = 0; l <= this.spec.depth; l++) {
      // H = sin(ω0·(prev·W + b)) and D = ω0·cos(ω0·(prev·W + b)), fused
      k.gemm(
        prev,
        inW,
        1,
        pw(L.w[l]),
        W,
        8,
        this.pH[l],
        Mp,
        W,
        inW,
        SINE,
        pw(L.b[l]),
        this.pD[l],
        this.spec.omega0,
      );
      prev = this.pH[l];
      inW = W;
    }
    const bias = this.f32(pw(L.outBias), 1)[0];
    k.matVec(prev, pw(L.out), bias, this.pY, Mp, W);
    return this.f32(this.pY, M);
  }

  /** Gradients of ⟨gradOut, net(points)⟩ w.r.t. every parameter, for the points of the last forward(). */
  backward(gradOut: Float32Array): void {
    const M = this.batch;
    if (gradOut.length !== M)
      throw new WedgeLabError('bad-argument', `backward: ${gradOut.length} gradients for ${M} points`);
    const Mp = Math.ceil(M / 4) * 4;
    const gy = this.f32(this.pGy, Mp);
    gy.fill(0);
    gy.set(gradOut);
    const { k, layout: L } = this;
    const W = this.spec.width;
    const pg = (f: number): number => this.pG + 4 * f;
    const pw = (f: number): number => this.pP + 4 * f;
    const D = this.spec.depth;
    k.matTVec(this.pH[D], this.pGy, pg(L.out), Mp, W, 0);
    this.f32(pg(L.outBias), 4).set([gy.reduce((s, g) => s + g, 0), 0, 0, 0]);
    // dz = dH ⊙ ω cos(ω z) for the top layer, with its bias gradient
    let dz = this.pB1;
    let other = this.pB2;
    k.outerTimes(this.pGy, pw(L.out), this.pD[D], dz, pg(L.b[D]), Mp, W);
    for (let l = D; l >= 0; l--) {
      const inW = l === 0 ? this.inputs.padded : W;
      const input = l === 0 ? this.pX : this.pH[l - 1];
      // dW = inputᵀ · dZ, summed over blocks of points that stay in cache; each block of dZ is read as
      // 8-column panels, packed first where the product is big enough to pay for the copy (not the first
      // layer's, with its 4 rows)
      const pack = inW >= 16;
      for (let i0 = 0; i0 < Mp; i0 += K_BLOCK) {
        const kb = Math.min(K_BLOCK, Mp - i0);
        const block = dz + 4 * i0 * W;
        if (pack) k.packPanels(block, this.pPanels, kb, W);
        k.gemm(
          input + 4 * i0 * inW,
          1,
          inW,
          pack ? this.pPanels : block,
          pack ? 8 : W,
          pack ? 8 * kb : 8,
          pg(L.w[l]),
          inW,
          W,
          kb,
          i0 ? ACCUMULATE : STORE,
          0,
          0,
          0,
        );
      }
      if (l > 0) {
        k.transpose(pw(L.w[l]), this.pWT, W, W);
        // dZ_prev = (dZ · Wᵀ) ⊙ ω cos(ω z_prev), and the previous layer's bias gradient, fused
        k.gemm(dz, W, 1, this.pWT, W, 8, other, Mp, W, W, TIMES, this.pD[l - 1], pg(L.b[l - 1]), 0);
        [dz, other] = [other, dz];
      }
    }
  }

  /** One AdamW(amsgrad, no weight decay) step with the last backward()'s gradients. */
  adam(lr: number, s: AdamSettings = TORCH_ADAM): void {
    this.adamSteps++;
    const t = this.adamSteps;
    this.k.adamStep(
      this.pP,
      this.pG,
      this.pM,
      this.pV,
      this.pVmax,
      this.layout.size,
      lr,
      s.beta1,
      s.beta2,
      s.eps,
      1 - s.beta1 ** t,
      1 - s.beta2 ** t,
    );
  }

  /** Replace the last backward()'s gradients (a sum over threads' batches, say). */
  setGradients(g: Float32Array): void {
    this.f32(this.pG, this.layout.size).set(g);
  }
}
