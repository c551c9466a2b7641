/**
 * Progress and cancel for the slow metrics (SSIM, VIF, FSC at 256³ take seconds). Both are optional and
 * checked once per slice or plane, so they cost nothing measurable. `signal` is anything with `aborted`:
 * an AbortSignal, or a view on shared memory that another thread sets while this loop runs synchronously.
 */
import { WedgeLabError } from '../errors.ts';

export interface MetricHooks {
  /** fraction done in [0, 1], called per slice or plane (cheap: keep the callback cheap too) */
  onProgress?: (fraction: number) => void;
  /** checked per slice or plane; when set, the metric throws WedgeLabError('cancelled') */
  signal?: { readonly aborted: boolean };
}

/** Throws WedgeLabError('cancelled') when the signal is set. */
export function throwIfAborted(signal: MetricHooks['signal'], what: string): void {
  if (signal?.aborted) throw new WedgeLabError('cancelled', `${what}: cancelled`);
}

/** The hooks of a sub-step that covers [from, to] of the caller's progress. */
export function subHooks(hooks: MetricHooks, from: number, to: number): MetricHooks {
  const report = hooks.onProgress;
  return {
    signal: hooks.signal,
    onProgress: report ? (f) => report(from + (to - from) * f) : undefined,
  };
}
