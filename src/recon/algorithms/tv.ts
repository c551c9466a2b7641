/**
 * TV-regularised reconstruction by FISTA (Beck & Teboulle 2009) on
 *   F(x) = ½‖A x − b‖² / L + λ·TV(x)   (optionally x ≥ 0),
 * with L ≈ ‖A‖² from a power iteration on AᵀA. Dividing the data term by L makes its gradient 1-Lipschitz, so
 * the step is 1, the prox is prox_{λ·TV}, and λ is in density units whatever the projector's scale or view
 * count: roughly, edges smaller than ~λ·(a few) in contrast get flattened. Typical values are 1e-3 to 3e-2
 * times the density range. The TV prox is FGP on the dual, warm-started between outer iterations (tvProx.ts).
 *
 * Every iteration costs one forward and one back projection: A·x_k is projected (giving the exact residual
 * of x_k), and A·y_{k+1} = A x_k + β (A x_k − A x_{k−1}) follows by linearity without another projection.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { checkLength, projectionsLength, volumeLength, type Projector } from '../projector.ts';
import {
  checkIterations,
  ConvergenceTracker,
  norm2,
  stepHooks,
  Yielder,
  type IterativeOptions,
  type IterativeResult,
  type ReconHooks,
} from './hooks.ts';
import { TvProx } from './tvProx.ts';

export interface TvOptions extends IterativeOptions {
  /** TV weight λ in density units (see above); default 0.01 */
  lambda?: number;
  /** FGP iterations per prox (warm-started); default 10 */
  proxIterations?: number;
  /** ‖A‖² if known (skips the power iteration) */
  lipschitz?: number;
  /** power iterations for ‖A‖²; default 8 */
  powerIterations?: number;
}

export interface TvResult extends IterativeResult {
  /** the ‖A‖² used */
  lipschitz: number;
}

/** Largest eigenvalue of AᵀA by power iteration from a constant volume (the dominant mode is smooth). */
export async function estimateNormSquared(
  projector: Projector,
  iterations = 8,
  hooks: ReconHooks = {},
): Promise<number> {
  const nvox = volumeLength(projector.volumeDims);
  let v = new Float32Array(nvox).fill(1 / Math.sqrt(nvox));
  let w = new Float32Array(nvox);
  const proj = new Float32Array(projectionsLength(projector.detectorDims, projector.nviews));
  let estimate = 0;
  const yielder = new Yielder(hooks.signal);
  for (let k = 0; k < iterations; k++) {
    await yielder.tick();
    const h = stepHooks(hooks, 0, 0, { stage: 'lipschitz' });
    await projector.forward(v, proj, undefined, h);
    await projector.back(proj, w, undefined, h);
    const n = norm2(w);
    if (!(n > 0))
      throw new WedgeLabError('bad-argument', 'the projector maps the volume to zero: no rays hit it');
    estimate = n / norm2(v);
    for (let i = 0; i < nvox; i++) w[i] /= n;
    [v, w] = [w, v];
  }
  return estimate;
}

export async function tv(projector: Projector, b: Float32Array, opts: TvOptions = {}): Promise<TvResult> {
  const maxIt = checkIterations(opts.iterations, 30);
  const lambda = opts.lambda ?? 0.01;
  if (!(lambda >= 0) || !Number.isFinite(lambda))
    throw new WedgeLabError('bad-argument', `λ = ${lambda}; expected λ ≥ 0`);
  const nvox = volumeLength(projector.volumeDims);
  checkLength('projections', b, projectionsLength(projector.detectorDims, projector.nviews));
  if (opts.initial) checkLength('initial volume', opts.initial, nvox);
  // 2% headroom: the power iteration approaches ‖A‖² from below
  const L = opts.lipschitz ?? 1.02 * (await estimateNormSquared(projector, opts.powerIterations ?? 8, opts));
  const prox = new TvProx(projector.volumeDims);
  const innerIt = opts.proxIterations ?? 10;
  const positivity = opts.positivity ?? false;
  const bNorm = norm2(b) || 1;

  let x: Float32Array = opts.initial ? opts.initial.slice() : new Float32Array(nvox);
  let xPrev: Float32Array = x.slice();
  let Ax: Float32Array = new Float32Array(b.length);
  if (opts.initial) await projector.forward(x, Ax, undefined, { signal: opts.signal });
  let AxPrev: Float32Array = Ax.slice();
  const y = x.slice();
  const Ay = Ax.slice();
  const r = new Float32Array(b.length);
  const g = new Float32Array(nvox);
  let t = 1;
  const tracker = new ConvergenceTracker(opts, maxIt);
  let done = 0;
  const yielder = new Yielder(opts.signal);
  for (let it = 1; it <= maxIt; it++) {
    await yielder.tick();
    const f0 = (it - 1) / maxIt;
    const fm = (it - 0.5) / maxIt;
    for (let i = 0; i < b.length; i++) r[i] = Ay[i] - b[i];
    await projector.back(r, g, undefined, stepHooks(opts, f0, fm, { stage: 'iterate', iteration: it }));
    // recycle the older buffers for x_{k+1} and A x_{k+1}
    [xPrev, x] = [x, xPrev];
    [AxPrev, Ax] = [Ax, AxPrev];
    for (let i = 0; i < nvox; i++) x[i] = y[i] - g[i] / L;
    prox.apply(x, lambda, innerIt, positivity, x);
    await projector.forward(
      x,
      Ax,
      undefined,
      stepHooks(opts, fm, it / maxIt, { stage: 'iterate', iteration: it }),
    );
    let sq = 0;
    for (let i = 0; i < b.length; i++) sq += (Ax[i] - b[i]) ** 2;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const beta = (t - 1) / tNext;
    t = tNext;
    for (let i = 0; i < nvox; i++) y[i] = x[i] + beta * (x[i] - xPrev[i]);
    for (let i = 0; i < b.length; i++) Ay[i] = Ax[i] + beta * (Ax[i] - AxPrev[i]);
    done = it;
    opts.onIterationDone?.(it);
    if (tracker.record(it, Math.sqrt(sq) / bNorm, x)) break;
  }
  return {
    volume: x,
    residuals: tracker.residuals,
    iterations: done,
    stopReason: tracker.stopReason,
    lipschitz: L,
  };
}
