/**
 * Defaults and the start volume of SIRT/SART (measured in bench/sirtIterations.ts, docs/benchmarks.md).
 *
 * SIRT: over-relaxed (λ = 1.25) from zeros. λ = 1 at 20 iterations only tied WBP on a noise-free ±60°
 * series; λ = 1.25 passes it at no extra cost. Larger λ is sharper still, and a warm start from the WBP
 * sharper again, but both spend SIRT's early-stopping regularisation: on a dosed series the WBP start stays
 * at WBP's correlation while SIRT from zeros is about twice as good; λ = 1.9 or the WBP start lose the noisy
 * phantom test (iterative.test.ts) to WBP, and λ ≥ 1.4 the prealign test's 0.98 agreement after 10
 * iterations. So the warm start is an option ('wbp', for clean or high-dose data), not the default.
 *
 * SART: 5 passes at λ = 0.15. At λ = 1 (the old default) each view's update fits that view's noise, and
 * 5 passes on a dosed series were worse than WBP; λ = 0.15 still beats WBP noise-free and under noise.
 */
import { WedgeLabError } from '../../core/errors.ts';
import type { FilterSpec } from '../../core/filters/index.ts';
import type { TiltGeometry } from '../../core/geometry/index.ts';
import type { Projector } from '../projector.ts';
import type { ReconHooks } from './hooks.ts';
import { hasInPlaneTransform } from './slabGeometry.ts';
import { wbp } from './wbp.ts';

/** 'wbp': start from the WBP of the data; 'zero': start from zeros (the classic SIRT/SART) */
export type WarmStart = 'wbp' | 'zero';
export const WARM_STARTS: readonly WarmStart[] = ['wbp', 'zero'];

export interface IterativeDefaults {
  readonly iterations: number;
  readonly relaxation: number;
  readonly warmStart: WarmStart;
}

/** sirt(): one subset of all views */
export const SIRT_DEFAULTS: IterativeDefaults = Object.freeze({
  iterations: 20,
  relaxation: 1.25,
  warmStart: 'zero',
});

/** sart(): one view per subset; a pass (iteration) updates once per view, so far fewer passes */
export const SART_DEFAULTS: IterativeDefaults = Object.freeze({
  iterations: 5,
  relaxation: 0.15,
  warmStart: 'zero',
});

/**
 * The start to use: a given volume, the WBP or zeros. A WBP start falls back to zeros when views have an
 * in-plane transform: WBP would filter raw rows across the tilt axis (the exact path; reconstruct()
 * normally prealigns first), a start worse than zeros.
 */
export function resolveStart(
  hasInitial: boolean,
  warmStart: string,
  geometry: TiltGeometry,
): 'initial' | WarmStart {
  if (!(WARM_STARTS as readonly string[]).includes(warmStart))
    throw new WedgeLabError('bad-argument', `warmStart = ${warmStart}; expected ${WARM_STARTS.join(' or ')}`);
  if (hasInitial) return 'initial';
  return warmStart === 'wbp' && hasInPlaneTransform(geometry) ? 'zero' : (warmStart as WarmStart);
}

/**
 * Writes the WBP of `b` into `x`, using `rows` (b.length long, e.g. the A·x buffer before it is needed) for
 * the filtered rows, so the warm start costs no extra memory.
 */
export async function wbpStart(
  projector: Projector,
  b: Float32Array,
  x: Float32Array,
  rows: Float32Array,
  filter: FilterSpec | string | undefined,
  hooks: ReconHooks,
): Promise<void> {
  const take = (key: string) => (key === 'volume' ? x : rows);
  await wbp(projector, b, {
    filter,
    signal: hooks.signal,
    // its own fraction is not the job's: report the stage only
    onProgress: hooks.onProgress && (() => hooks.onProgress!({ fraction: 0, stage: 'warm start' })),
    scratch: { take: (key) => take(key) as Float32Array<ArrayBuffer> },
  });
}
