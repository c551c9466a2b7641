/** Progress, cancel, preview and convergence plumbing shared by every reconstruction algorithm. */
import { WedgeLabError } from '../../core/errors.ts';
import type { ProjectorHooks } from '../projector.ts';

export interface ReconProgress {
  /** overall fraction done, [0, 1] */
  fraction: number;
  /** 1-based iteration in progress (iterative methods) */
  iteration?: number;
  /** latest data residual ‖Ax − b‖/‖b‖ */
  residual?: number;
  /** what is running: 'filter', 'backproject', 'setup', 'iterate', 'lipschitz' */
  stage: string;
}

export interface ReconHooks {
  /** aborting rejects with WedgeLabError('cancelled') within about a projector tick (≈100 ms) */
  signal?: AbortSignal;
  onProgress?: (p: ReconProgress) => void;
  /** called once per finished iteration with its residual (the convergence curve) */
  onIteration?: (iteration: number, residual: number) => void;
  /** hand a copy of the current volume to `onPreview` every `previewEvery` iterations */
  previewEvery?: number;
  onPreview?: (volume: Float32Array, iteration: number) => void;
}

export interface IterativeOptions extends ReconHooks {
  /** maximum number of iterations (for SART: passes over all views); default 20 */
  iterations?: number;
  /** stop when an iteration lowers the residual by less than this fraction of it (e.g. 1e-3) */
  tolerance?: number;
  /** stop when the residual falls to this value */
  residualTarget?: number;
  /** start volume (default zeros); not modified */
  initial?: Float32Array;
  /** clamp negative voxels to 0 after each update */
  positivity?: boolean;
  /** an iteration's update is complete (a restart after device loss resumes after the latest one) */
  onIterationDone?: (iteration: number) => void;
  /** working arrays (default: fresh ones); the returned volume may be one of them */
  scratch?: Scratch;
}

/**
 * Where an algorithm gets its big working arrays: zeroed, `length` long, one per key. The default allocates;
 * slab mode hands out the same buffers to every slab, so peak memory does not wait on garbage collection.
 */
export interface Scratch {
  take(key: string, length: number): Float32Array<ArrayBuffer>;
}

export const freshScratch: Scratch = { take: (_key, length) => new Float32Array(length) };

/**
 * Buffers reused across calls, handed out zeroed. A new buffer is `headroom` times the length first asked
 * for (slab mode: tallest slab / first slab), so later, taller calls fit without a second allocation.
 */
export function reusableScratch(headroom = 1): Scratch {
  const buffers = new Map<string, Float32Array<ArrayBuffer>>();
  return {
    take(key, length) {
      let buffer = buffers.get(key);
      if (!buffer || buffer.length < length) {
        buffer = new Float32Array(Math.max(length, Math.ceil(length * headroom)));
        buffers.set(key, buffer);
        return buffer.subarray(0, length);
      }
      return buffer.subarray(0, length).fill(0);
    },
  };
}

export type StopReason = 'iterations' | 'tolerance' | 'target';

export interface IterativeResult {
  volume: Float32Array;
  /** residuals[i] = ‖A x − b‖/‖b‖ after i + 1 iterations */
  residuals: number[];
  iterations: number;
  stopReason: StopReason;
}

export function throwIfCancelled(signal: AbortSignal | undefined, job = 'reconstruction'): void {
  if (signal?.aborted) throw new WedgeLabError('cancelled', `${job} cancelled`);
}

/**
 * Yields to the event loop at least every `intervalMs` and then checks for cancellation. Projectors only
 * yield inside calls longer than their tick, so a loop of short calls (small volumes) must yield itself, or
 * an abort (and any timer) could not run until the whole reconstruction ends.
 */
export class Yielder {
  private last = Date.now();
  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly intervalMs = 50,
    private readonly job = 'reconstruction',
  ) {}

  async tick(): Promise<void> {
    if (Date.now() - this.last >= this.intervalMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      this.last = Date.now();
    }
    throwIfCancelled(this.signal, this.job);
  }
}

/** Projector hooks for one step that maps the step's own fraction into [from, to] of the whole job. */
export function stepHooks(
  hooks: ReconHooks,
  from: number,
  to: number,
  extra: Omit<ReconProgress, 'fraction'>,
): ProjectorHooks {
  return {
    signal: hooks.signal,
    onProgress: hooks.onProgress
      ? (f: number) =>
          hooks.onProgress!({ ...extra, fraction: from + (to - from) * Math.min(1, Math.max(0, f)) })
      : undefined,
  };
}

/** Bookkeeping of the convergence curve: records, reports, previews and decides when to stop. */
export class ConvergenceTracker {
  readonly residuals: number[] = [];
  stopReason: StopReason = 'iterations';

  constructor(
    private readonly opts: IterativeOptions,
    readonly maxIterations: number,
  ) {}

  /** Records iteration `iteration` (1-based); returns true when the algorithm should stop. */
  record(iteration: number, residual: number, volume: Float32Array): boolean {
    const prev = this.residuals[this.residuals.length - 1];
    this.residuals.push(residual);
    this.opts.onIteration?.(iteration, residual);
    this.opts.onProgress?.({
      fraction: iteration / this.maxIterations,
      iteration,
      residual,
      stage: 'iterate',
    });
    const every = this.opts.previewEvery ?? 0;
    if (every > 0 && this.opts.onPreview && iteration % every === 0)
      this.opts.onPreview(volume.slice(), iteration);
    if (this.opts.residualTarget !== undefined && residual <= this.opts.residualTarget) {
      this.stopReason = 'target';
      return true;
    }
    const tol = this.opts.tolerance;
    if (tol !== undefined && prev !== undefined && (prev - residual) / prev < tol) {
      this.stopReason = 'tolerance';
      return true;
    }
    return false;
  }
}

export function checkIterations(n: number | undefined, fallback: number): number {
  const it = n ?? fallback;
  if (!Number.isInteger(it) || it < 1 || it > 100000) {
    throw new WedgeLabError('bad-argument', `iterations = ${it}; expected an integer from 1 to 100000`);
  }
  return it;
}

export function norm2(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

/** ‖a − b‖ restricted to the given views (each `viewSize` values), or everything. */
export function diffNorm(
  a: Float32Array,
  b: Float32Array,
  viewSize?: number,
  views?: readonly number[],
): number {
  let s = 0;
  if (!views || viewSize === undefined) {
    for (let i = 0; i < a.length; i++) {
      const d = a[i] - b[i];
      s += d * d;
    }
    return Math.sqrt(s);
  }
  for (const v of views) {
    const end = (v + 1) * viewSize;
    for (let i = v * viewSize; i < end; i++) {
      const d = a[i] - b[i];
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

/** 1/x where x > eps, else 0 (rays or voxels that see (almost) nothing get no update); `out` may be `a`. */
export function safeReciprocal(
  a: Float32Array,
  relEps = 1e-6,
  out = new Float32Array(a.length),
): Float32Array {
  let max = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > max) max = a[i];
  const eps = max * relEps;
  for (let i = 0; i < a.length; i++) out[i] = a[i] > eps ? 1 / a[i] : 0;
  return out;
}
