/**
 * SIRT and SART as one ordered-subsets scheme with row/column normalisation:
 *   x ← x + λ · C_S · A_Sᵀ · R · (b − A_S x),   R = 1/(A·1) per detector pixel,  C_S = 1/(A_Sᵀ·1) per voxel.
 * SIRT is one subset holding every view; SART is one view per subset (default). Views are sorted by angle
 * and dealt round-robin into subsets, so each subset spans the whole tilt range, and subsets are visited in
 * a golden-ratio order so that consecutive ones are far apart in angle. With this normalisation the update
 * converges for 0 < λ < 2 (the SIRT/Cimmino bound), whatever the projector's scale.
 *
 * Residuals: SIRT reports the exact ‖Ax − b‖/‖b‖ after each iteration (it needs A·x anyway; one extra
 * forward projection at the end gives the last one). SART reports, per pass over the views, the residual
 * accumulated subset by subset just before each subset's update (the usual OS-EM practice, free of cost); it
 * lags the true residual of the final x by at most one pass.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { tiltAnglesDeg } from '../../core/geometry/index.ts';
import { checkLength, projectionsLength, volumeLength, type Projector } from '../projector.ts';
import type { FilterSpec } from '../../core/filters/index.ts';
import { isGpuLost } from '../fallbackProjector.ts';
import { runResident } from './sirtResident.ts';
import {
  resolveStart,
  SART_DEFAULTS,
  SIRT_DEFAULTS,
  wbpStart,
  type IterativeDefaults,
  type WarmStart,
} from './sirtStart.ts';
import {
  checkIterations,
  ConvergenceTracker,
  norm2,
  freshScratch,
  safeReciprocal,
  stepHooks,
  Yielder,
  type IterativeOptions,
  type IterativeResult,
} from './hooks.ts';

export interface SirtOptions extends IterativeOptions {
  /** relaxation λ in (0, 2); default SIRT_DEFAULTS / SART_DEFAULTS */
  relaxation?: number;
  /**
   * start volume when `initial` is absent: 'wbp' or 'zero' (default SIRT_DEFAULTS / SART_DEFAULTS). With a
   * start volume (warm or `initial`), iterations = 0 returns it unchanged.
   */
  warmStart?: WarmStart;
  /** the warm start's WBP filter (default radial:0.35,0.035, as wbp()) */
  warmStartFilter?: FilterSpec | string;
  /** number of ordered subsets: 1 = SIRT (default for sirt), nviews = classic SART (default for sart) */
  subsets?: number;
  /** keep per-subset column sums in memory up to this many bytes, else recompute them (default 512 MiB) */
  cacheLimitBytes?: number;
  /** SIRT on a GPU projector: keep the iteration on the device when it fits (default true) */
  resident?: boolean;
  /** resident SIRT: read the iterate back every this many iterations, a restart point after GPU loss (default 1) */
  checkpointEvery?: number;
}

export function sirt(
  projector: Projector,
  projections: Float32Array,
  opts: SirtOptions = {},
): Promise<IterativeResult> {
  return orderedSubsets(projector, projections, { ...opts, subsets: opts.subsets ?? 1 }, SIRT_DEFAULTS);
}

export function sart(
  projector: Projector,
  projections: Float32Array,
  opts: SirtOptions = {},
): Promise<IterativeResult> {
  const subsets = opts.subsets ?? projector.nviews;
  return orderedSubsets(projector, projections, { ...opts, subsets }, SART_DEFAULTS);
}

/** Views sorted by angle, dealt round-robin into `count` subsets, subsets in golden-ratio order. */
export function makeSubsets(anglesDeg: readonly number[], count: number): number[][] {
  const n = anglesDeg.length;
  if (!Number.isInteger(count) || count < 1 || count > n) {
    throw new WedgeLabError(
      'bad-argument',
      `subsets = ${count}; expected an integer from 1 to ${n} (the view count)`,
    );
  }
  const byAngle = anglesDeg.map((a, i) => ({ a, i })).sort((p, q) => p.a - q.a);
  const subsets: number[][] = Array.from({ length: count }, () => []);
  byAngle.forEach((p, rank) => subsets[rank % count].push(p.i));
  const order: number[] = [];
  const used = new Set<number>();
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; order.length < count; i++) {
    let s = Math.floor(((i * phi) % 1) * count);
    while (used.has(s)) s = (s + 1) % count;
    used.add(s);
    order.push(s);
  }
  return order.map((s) => subsets[s]);
}

async function orderedSubsets(
  projector: Projector,
  b: Float32Array,
  opts: SirtOptions & { subsets: number },
  defaults: IterativeDefaults,
): Promise<IterativeResult> {
  const warm = resolveStart(!!opts.initial, opts.warmStart ?? defaults.warmStart, projector.geometry);
  // 0 iterations is allowed only with a start volume: it returns that volume
  const maxIt =
    opts.iterations === 0 && warm !== 'zero' ? 0 : checkIterations(opts.iterations, defaults.iterations);
  const lambda = opts.relaxation ?? defaults.relaxation;
  if (!(lambda > 0 && lambda < 2))
    throw new WedgeLabError('bad-argument', `relaxation λ = ${lambda}; expected 0 < λ < 2`);
  const nvox = volumeLength(projector.volumeDims);
  const viewSize = projector.detectorDims.nu * projector.detectorDims.nv;
  checkLength('projections', b, projectionsLength(projector.detectorDims, projector.nviews));
  if (opts.initial) checkLength('initial volume', opts.initial, nvox);
  const subsets = makeSubsets(tiltAnglesDeg(projector.geometry), opts.subsets);
  const bNorm = norm2(b) || 1;
  const setupHooks = (f0: number, f1: number) => stepHooks(opts, f0, f1, { stage: 'setup' });

  const scratch = opts.scratch ?? freshScratch;
  const x = scratch.take('x', nvox);
  const Ax = scratch.take('Ax', b.length);
  if (opts.initial) x.set(opts.initial);
  else if (warm === 'wbp') await wbpStart(projector, b, x, Ax, opts.warmStartFilter, opts);
  if (opts.positivity && warm === 'wbp') for (let i = 0; i < nvox; i++) if (x[i] < 0) x[i] = 0;
  if (maxIt === 0) return { volume: x, residuals: [], iterations: 0, stopReason: 'iterations' };
  // R = 1/(A·1): A_S·1 is A·1 restricted to S, so one array serves every subset
  const ones = scratch.take('ones', nvox).fill(1);
  const rowSums = scratch.take('R', b.length);
  await projector.forward(ones, rowSums, undefined, setupHooks(0, 0));
  const R = safeReciprocal(rowSums, undefined, rowSums);
  const cacheColumns = subsets.length * nvox * 4 <= (opts.cacheLimitBytes ?? 512 * 2 ** 20);
  const columnCache: (Float32Array | undefined)[] = [];
  const columnScale = async (s: number): Promise<Float32Array> => {
    const cached = columnCache[s];
    if (cached) return cached;
    // one buffer per cached subset; uncached ones share one
    const sums = scratch.take(cacheColumns ? `C${s}` : 'C', nvox);
    await projector.back(scratch.take('onesProj', b.length).fill(1), sums, subsets[s], setupHooks(0, 0));
    const C = safeReciprocal(sums, undefined, sums);
    if (cacheColumns) columnCache[s] = C;
    return C;
  };

  const tracker = new ConvergenceTracker(opts, maxIt);
  const single = subsets.length === 1;
  const yielder = new Yielder(opts.signal);
  let first = 1;
  const session =
    single && opts.resident !== false && projector.residentSirt
      ? await projector
          .residentSirt(b, {
            relaxation: lambda,
            positivity: opts.positivity ?? false,
            rowScale: R,
            columnScale: await columnScale(0),
            // the warm or given start, already in x (the session copies it to the device)
            initial: warm === 'zero' ? undefined : x,
          })
          .catch((e: unknown) => {
            if (isGpuLost(e)) return null; // the next projector call moves to the CPU
            throw e;
          })
      : null;
  if (session) {
    const outcome = await runResident(session, x, {
      maxIterations: maxIt,
      bNorm,
      tracker,
      yielder,
      checkpointEvery: opts.checkpointEvery ?? 1,
      previewEvery: opts.onPreview ? (opts.previewEvery ?? 0) : 0,
      onIterationDone: opts.onIterationDone,
    });
    if (outcome.kind === 'done') {
      const { volume, iterations } = outcome;
      return { volume, residuals: tracker.residuals, iterations, stopReason: tracker.stopReason };
    }
    // device lost: carry on below (the projector's next call moves to the CPU) from the checkpoint
    x.set(outcome.x);
    first = outcome.iteration + 1;
  }
  const back = scratch.take('back', nvox);
  let done = first - 1;
  let stop = false;
  for (let it = first; it <= maxIt && !stop; it++) {
    let sq = 0;
    for (let si = 0; si < subsets.length; si++) {
      await yielder.tick();
      const views = subsets[si];
      const frac0 = (it - 1 + si / subsets.length) / maxIt;
      const frac1 = (it - 1 + (si + 1) / subsets.length) / maxIt;
      const hooks = stepHooks(opts, frac0, (frac0 + frac1) / 2, { stage: 'iterate', iteration: it });
      await projector.forward(x, Ax, views, hooks);
      for (const v of views) {
        for (let i = v * viewSize, end = (v + 1) * viewSize; i < end; i++) {
          const d = b[i] - Ax[i];
          sq += d * d;
          Ax[i] = d * R[i]; // Ax now holds the weighted residual of this subset
        }
      }
      if (single && it > 1 && tracker.record(it - 1, Math.sqrt(sq) / bNorm, x)) {
        stop = true;
        break;
      }
      await projector.back(
        Ax,
        back,
        views,
        stepHooks(opts, (frac0 + frac1) / 2, frac1, { stage: 'iterate', iteration: it }),
      );
      const C = await columnScale(si);
      for (let i = 0; i < nvox; i++) {
        let v = x[i] + lambda * C[i] * back[i];
        if (opts.positivity && v < 0) v = 0;
        x[i] = v;
      }
    }
    if (stop) break;
    done = it;
    opts.onIterationDone?.(it);
    if (!single && tracker.record(it, Math.sqrt(sq) / bNorm, x)) stop = true;
  }
  if (single && tracker.residuals.length < done) {
    // the residual of the last update needs one more forward projection
    await projector.forward(x, Ax, undefined, { signal: opts.signal });
    let sq = 0;
    for (let i = 0; i < b.length; i++) sq += (b[i] - Ax[i]) ** 2;
    tracker.record(done, Math.sqrt(sq) / bNorm, x);
    tracker.stopReason = 'iterations';
  }
  return { volume: x, residuals: tracker.residuals, iterations: done, stopReason: tracker.stopReason };
}
