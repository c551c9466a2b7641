/**
 * Weighted (filtered) backprojection with any Projector.
 *
 * Normalisation: rec = Σ_k w_k · Aᵀ_k (p_k ∗ h), where h is the Ram-Lak kernel for |f| in cycles/px (times the
 * chosen window) and w_k is the angle view k stands for, in radians (angularWeights: local spacing, so
 * non-uniform steps are handled and Σ w = π for a full 180° range, i.e. π/nviews per view when uniform).
 * This is the discretised ∫₀^π Q_θ dθ of Kak & Slaney, so a density d comes back as d wherever the range is
 * complete. With a missing wedge the mean level is still right (the DC term of every view is kept), but
 * structure along z is smeared. The `seed` filter multiplies w_k by cos α/(1 + λ sin² α).
 */
import { WedgeLabError } from '../../core/errors.ts';
import {
  applyRowFilter,
  DEFAULT_FILTER,
  parseFilterSpec,
  seedViewWeight,
  type FilterSpec,
  type RowPadding,
} from '../../core/filters/index.ts';
import { tiltAnglesDeg } from '../../core/geometry/index.ts';
import { checkLength, projectionsLength, volumeLength, type Projector } from '../projector.ts';
import { angularWeights } from './angularWeights.ts';
import { freshScratch, stepHooks, throwIfCancelled, type ReconHooks, type Scratch } from './hooks.ts';

export interface WbpOptions extends ReconHooks {
  /** a FilterSpec or its string (`radial:0.35,0.035`, `ramp`, ...); default IMOD's radial 0.35, 0.035 */
  filter?: FilterSpec | string;
  /** row padding before the FFT; default 'zero' */
  padding?: RowPadding;
  /** per-view angular weights in radians, replacing the local-spacing ones */
  angularWeightsRad?: ArrayLike<number>;
  /** the filtered rows and the volume (default: fresh arrays); the returned volume is one of them */
  scratch?: Scratch;
}

export function resolveFilter(filter: FilterSpec | string | undefined): FilterSpec {
  if (filter === undefined) return DEFAULT_FILTER;
  return typeof filter === 'string' ? parseFilterSpec(filter) : filter;
}

/** Per-view weights WBP applies after filtering: angular spacing (radians) × the seed weight if chosen. */
export function wbpViewWeights(
  projector: Projector,
  filter: FilterSpec,
  angular?: ArrayLike<number>,
): Float64Array {
  const angles = tiltAnglesDeg(projector.geometry);
  const w = angular ? Float64Array.from(angular) : angularWeights(angles);
  if (w.length !== angles.length) {
    throw new WedgeLabError('mismatch', `${w.length} angular weights for ${angles.length} views`);
  }
  if (filter.name === 'seed')
    for (let k = 0; k < w.length; k++) w[k] *= seedViewWeight(angles[k], filter.lambda);
  return w;
}

/** Filters the rows of every view, then backprojects: the volume in the projector's volumeDims. */
export async function wbp(
  projector: Projector,
  projections: Float32Array,
  opts: WbpOptions = {},
): Promise<Float32Array> {
  const { nu, nv } = projector.detectorDims;
  const nviews = projector.nviews;
  checkLength('projections', projections, projectionsLength(projector.detectorDims, nviews));
  const filter = resolveFilter(opts.filter);
  const weights = wbpViewWeights(projector, filter, opts.angularWeightsRad);
  throwIfCancelled(opts.signal);
  const scratch = opts.scratch ?? freshScratch;
  const filtered = scratch.take('filtered', projections.length);
  const viewSize = nu * nv;
  let last = Date.now();
  for (let k = 0; k < nviews; k++) {
    const range = [k * viewSize, (k + 1) * viewSize] as const;
    applyRowFilter(projections.subarray(...range), nu, nv, 1, filter, {
      padding: opts.padding,
      viewWeights: [weights[k]],
      thicknessPx: projector.volumeDims.nz,
      out: filtered.subarray(...range),
    });
    if (Date.now() - last > 100) {
      // filtering is ~5% of the work: report it as such, and let an abort in
      opts.onProgress?.({ fraction: (0.05 * (k + 1)) / nviews, stage: 'filter' });
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      throwIfCancelled(opts.signal);
      last = Date.now();
    }
  }
  const volume = await projector.back(
    filtered,
    scratch.take('volume', volumeLength(projector.volumeDims)),
    undefined,
    stepHooks(opts, 0.05, 1, { stage: 'backproject' }),
  );
  opts.onProgress?.({ fraction: 1, stage: 'backproject' });
  return volume;
}
