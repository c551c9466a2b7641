// The recipe's reconstruct section as src/recon's request fields: the one translation, so a parameter means
// the same in every host (relaxation is never the TV weight; SART never runs SIRT's iteration count).
import type { ReconstructRequest } from '../../recon/algorithms/index.ts';
import type { Recipe } from '../recipe/index.ts';
import type { LoadedSeries } from './load.ts';

export type ReconParams = Pick<
  ReconstructRequest,
  | 'geometry'
  | 'pixelSizeA'
  | 'method'
  | 'filter'
  | 'iterations'
  | 'lambda'
  | 'relaxation'
  | 'subsets'
  | 'warmStart'
  | 'positivity'
  | 'thickness'
  | 'zOffset'
  | 'excludeViews'
  | 'bin'
  | 'prealign'
  | 'cn'
>;

/** `excluded` overrides the series' exclusions (a half set leaves out the other half too). */
export function reconParams(recipe: Recipe, s: LoadedSeries, excluded = s.excluded): ReconParams {
  const r = recipe.reconstruct;
  return {
    geometry: s.geometry,
    pixelSizeA: s.pixelSizeA,
    method: r.method,
    filter: r.filter,
    iterations: r.iterations,
    lambda: r.tvWeight,
    relaxation: r.relaxation,
    subsets: r.subsets,
    warmStart: r.warmStart,
    positivity: r.positivity,
    thickness: s.thicknessPx,
    zOffset: r.zOffsetPx,
    excludeViews: excluded.length ? excluded : undefined,
    bin: r.bin,
    prealign: r.prealign,
    cn:
      r.method === 'cn'
        ? {
            mode: r.cnMode,
            width: r.width,
            depth: r.depth,
            omega0: r.omega0,
            encoding: r.encoding,
            iterations: r.iterations,
            neighbourIterations: r.neighbourIterations,
            learningRate: r.learningRate,
            tvWeight: r.cnTv,
            seed: r.seed,
            batchRows: r.batchRows,
            slabRows: r.slabRows,
          }
        : undefined,
  };
}
