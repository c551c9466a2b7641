// Each method's own defaults, filled into a recipe, and fields that do not apply to the chosen method
// dropped with a warning (SART never inherits SIRT's 20 iterations; a WBP never carries an iteration count).
import { z } from 'zod';
import { SART_DEFAULTS, SIRT_DEFAULTS } from '../../recon/algorithms/sirtStart.ts';
import { CN_DEFAULTS } from '../../recon/cn/cn.ts';
import { metaOf } from './field.ts';
import { SECTIONS, type MethodChoice, type Recipe } from './schema.ts';
import { fieldLabel } from './validate.ts';

type Reconstruct = Recipe['reconstruct'];
type MethodFields = Pick<
  Reconstruct,
  | 'filter'
  | 'iterations'
  | 'relaxation'
  | 'subsets'
  | 'positivity'
  | 'tvWeight'
  | 'warmStart'
  | 'cnMode'
  | 'width'
  | 'depth'
  | 'omega0'
  | 'neighbourIterations'
  | 'learningRate'
  | 'cnTv'
  | 'seed'
>;

/** Defaults per method; sart's subsets stay absent (one per view, which depends on the series). */
export const METHOD_DEFAULTS: Record<MethodChoice, MethodFields> = {
  wbp: { filter: 'radial:0.35,0.035' },
  // measured in bench/sirtIterations.ts (src/recon/algorithms/sirtStart.ts says why)
  sirt: { ...SIRT_DEFAULTS, subsets: 1, positivity: false },
  sart: { ...SART_DEFAULTS, positivity: false },
  tv: { iterations: 30, tvWeight: 0.01, positivity: false },
  // fast mode's; a paper-mode recipe gets WUCON's (cnDefaults)
  cn: cnDefaults('fast'),
};

/**
 * The cn fields of a mode (src/recon/cn/cn.ts CN_DEFAULTS), with seed 0 and no smoothness term. Fast mode's
 * steps depend on the volume's size (fastStepDefaults): runRecipe fills them in once the size is known.
 */
export function cnDefaults(mode: 'fast' | 'paper'): MethodFields {
  const d = CN_DEFAULTS[mode];
  return {
    cnMode: mode,
    width: d.width,
    depth: d.depth,
    omega0: d.omega0,
    ...(mode === 'paper' ? { iterations: d.iterations, neighbourIterations: d.neighbourIterations } : {}),
    learningRate: d.learningRate,
    cnTv: 0,
    seed: 0,
  };
}

const reconShape = SECTIONS.reconstruct.shape as Record<string, z.ZodType>;

/** The reconstruct fields that apply to `method` (wbp: filter; sirt: iterations, relaxation, …). */
export function fieldsFor(method: MethodChoice): string[] {
  return Object.keys(reconShape).filter((k) => {
    const m = metaOf(reconShape[k])?.methods;
    return !m || m.includes(method);
  });
}

/** The recipe with the method's defaults filled in; `warn` hears about fields the method ignores. */
export function resolveRecipe(recipe: Recipe, warn?: (line: string) => void): Recipe {
  const r = recipe.reconstruct;
  const applies = new Set(fieldsFor(r.method));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === undefined) continue;
    if (applies.has(k)) out[k] = v;
    else warn?.(`${fieldLabel(['reconstruct', k])} does not apply to ${r.method}; ignored`);
  }
  const defaults = r.method === 'cn' ? cnDefaults(r.cnMode ?? 'fast') : METHOD_DEFAULTS[r.method];
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined) out[k] = v;
  return { ...recipe, reconstruct: out as Reconstruct };
}
