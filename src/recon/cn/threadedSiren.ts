/**
 * A SirenNet whose batches are split across threads (data parallel): the calling thread runs the first
 * share itself, each network thread one more share with a copy of the parameters, and their gradients are
 * summed here in a fixed order before the one Adam step (so a seed gives the same fit for a thread count).
 * Shares are cloned (about 1 MB of parameters and gradients per thread per step, ~1% of a step).
 */
import { WedgeLabError } from '../../core/errors.ts';
import { SirenNet } from './sirenNet.ts';
import type { SirenSpec } from './sirenSpec.ts';
import { startSirenThread, type SirenThread } from './threads/sirenThreads.ts';
import type { SirenReply } from './threads/sirenTask.ts';

/** What the trainer needs of a network: one thread (SirenNet) or several (ThreadedSiren). */
export interface TrainableNet {
  readonly spec: SirenSpec;
  forward(points: Float32Array): Float32Array | Promise<Float32Array>;
  backward(gradOut: Float32Array): void | Promise<void>;
  adam(lr: number): void;
  params(): Float32Array;
  setParams(p: Float32Array): void;
  resetOptimizer(): void;
  dispose?(): void;
}

function unwrap<K extends SirenReply['kind']>(r: SirenReply, kind: K): Extract<SirenReply, { kind: K }> {
  if (r.kind === 'error') throw new WedgeLabError('bad-argument', r.message);
  if (r.kind !== kind) throw new WedgeLabError('bad-argument', `network thread: ${r.kind} reply to ${kind}`);
  return r as Extract<SirenReply, { kind: K }>;
}

export class ThreadedSiren implements TrainableNet {
  private bounds: number[] = [];
  private batch = 0;

  private constructor(
    private readonly main: SirenNet,
    private readonly threads: SirenThread[],
  ) {}

  /** `threads` ≥ 2 splits batches across that many threads (this one included); 1 gives a plain SirenNet. */
  static async create(
    spec: SirenSpec,
    params: Float32Array,
    capacity: number,
    threads: number,
  ): Promise<TrainableNet> {
    const share = Math.ceil(capacity / Math.max(1, threads));
    if (threads <= 1) return new SirenNet(spec, params, capacity);
    const started = await Promise.all(Array.from({ length: threads - 1 }, () => startSirenThread()));
    return new ThreadedSiren(new SirenNet(spec, params, share), started);
  }

  get spec(): SirenSpec {
    return this.main.spec;
  }

  /** Share boundaries, multiples of 4 (the kernels' row padding stays inside each share). */
  private split(M: number): number[] {
    const T = this.threads.length + 1;
    const b = [0];
    for (let t = 1; t < T; t++) b.push(Math.min(M, Math.ceil((M * t) / T / 4) * 4));
    b.push(M);
    return b;
  }

  async forward(points: Float32Array): Promise<Float32Array> {
    const M = points.length / 3;
    this.batch = M;
    this.bounds = this.split(M);
    const b = this.bounds;
    const params = this.main.params();
    const replies = this.threads.map((t, i) =>
      t.call({ kind: 'forward', spec: this.spec, params, points: points.slice(3 * b[i + 1], 3 * b[i + 2]) }),
    );
    const out = new Float32Array(M);
    out.set(this.main.forward(points.subarray(0, 3 * b[1])), 0);
    for (const [i, r] of (await Promise.all(replies)).entries())
      out.set(unwrap(r, 'forward').values, b[i + 1]);
    return out;
  }

  async backward(gradOut: Float32Array): Promise<void> {
    if (gradOut.length !== this.batch)
      throw new WedgeLabError(
        'bad-argument',
        `backward: ${gradOut.length} gradients for ${this.batch} points`,
      );
    const b = this.bounds;
    const replies = this.threads.map((t, i) =>
      t.call({ kind: 'backward', grad: gradOut.slice(b[i + 1], b[i + 2]) }),
    );
    this.main.backward(gradOut.subarray(0, b[1]));
    const parts = (await Promise.all(replies)).map((r) => unwrap(r, 'backward').gradients);
    const g = this.main.gradients();
    for (const p of parts) for (let i = 0; i < g.length; i++) g[i] += p[i];
  }

  adam(lr: number): void {
    this.main.adam(lr);
  }

  params(): Float32Array {
    return this.main.params();
  }

  setParams(p: Float32Array): void {
    this.main.setParams(p);
  }

  resetOptimizer(): void {
    this.main.resetOptimizer();
  }

  dispose(): void {
    for (const t of this.threads) t.terminate();
  }
}
