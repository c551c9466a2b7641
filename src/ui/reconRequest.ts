/**
 * The Reconstruct panel's parameters checked and turned into a recipe (src/pipeline) plus the files it
 * names; and back, for Open recipe. The same checks drive the panel's inline messages (and disable its
 * button), so a bad filter, exclusion list or axis angle never reaches a job.
 */
import { oneLine } from '../core/errors.ts';
import { formatFilterSpec, parseFilterSpec } from '../core/filters/index.ts';
import type { GeometryImportOptions } from '../core/geometry/index.ts';
import type { SeriesOrigin } from '../jobs/seriesSources.ts';
import { parseRecipe, parseViewList, RECIPE_VERSION, type Recipe } from '../pipeline/index.ts';
import type { ReconParams } from '../state/reconStore.ts';

export interface ReconProblems {
  filter?: string;
  exclude?: string;
  axis?: string;
  /** an alignment asked of a series that an opened .xf aligns already */
  align?: string;
  /** a value the recipe schema refuses (limits), with its field */
  recipe?: string;
}

/** '' = automatic; else a number of degrees. */
function axisValue(text: string): number | undefined | null {
  if (text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

function recipeOf(
  origin: Pick<SeriesOrigin, 'name' | 'tilts' | 'xf' | 'permissive'>,
  p: ReconParams,
  importOptions: GeometryImportOptions,
): Recipe {
  const ordered = p.method === 'sirt' || p.method === 'sart';
  const iterative = p.method !== 'wbp';
  const axis = axisValue(p.axisRotation);
  return parseRecipe({
    wedgelab: RECIPE_VERSION,
    input: {
      stack: origin.name,
      tilts: origin.tilts?.name,
      xf: origin.xf?.name,
      permissive: origin.permissive === true ? true : undefined,
      network: p.method === 'cn' && p.network ? p.network.name : undefined,
    },
    geometry: {
      axisRotationDeg: axis ?? undefined,
      invertAngles: importOptions.invertAngles ?? false,
      axisRotated180: importOptions.axisRotated180 ?? false,
    },
    align: p.align,
    reconstruct: {
      method: p.method,
      thicknessPx: p.thickness,
      filter: p.method === 'wbp' ? formatFilterSpec(parseFilterSpec(p.filter)) : undefined,
      // cn: 0 steps = fast mode's automatic count (it depends on the volume)
      iterations: iterative && !(p.method === 'cn' && p.iterations === 0) ? p.iterations : undefined,
      relaxation: ordered ? p.relaxation : undefined,
      subsets: ordered && p.subsets > 0 ? p.subsets : undefined,
      warmStart: ordered ? p.warmStart : undefined,
      positivity: iterative && p.method !== 'cn' ? p.positivity : undefined,
      tvWeight: p.method === 'tv' ? p.lambda : undefined,
      bin: p.bin,
      zOffsetPx: p.zOffset,
      excludeViews: p.exclude,
      prealign: p.prealign,
      ...(p.method === 'cn' ? { cnMode: p.cnMode, width: p.width, depth: p.depth } : {}),
    },
    device: { kind: p.device },
  });
}

/**
 * Inline messages for the fields that can hold invalid values; empty when everything is usable. `xfName`: the
 * .xf opened with the stack, if any (it aligns the series already).
 */
export function reconProblems(p: ReconParams, nviews: number | null, xfName?: string): ReconProblems {
  const out: ReconProblems = {};
  if (xfName && p.align.method !== 'none') {
    out.align = `${xfName} aligns this series already: choose Align none to use it, or open the stack without it`;
  }
  if (p.method === 'wbp') {
    try {
      parseFilterSpec(p.filter);
    } catch (e) {
      out.filter = oneLine(e).replace(/; valid filters:.*$/, '');
    }
  }
  if (nviews !== null) {
    const r = parseViewList(p.exclude, nviews);
    if (!r.ok) out.exclude = r.message;
  }
  if (axisValue(p.axisRotation) === null) out.axis = `"${p.axisRotation}" is not a number of degrees`;
  if (!out.filter && !out.axis) {
    try {
      recipeOf({ name: 'stack' }, p, {});
    } catch (e) {
      out.recipe = oneLine(e);
    }
  }
  return out;
}

export function firstProblem(p: ReconProblems): string | undefined {
  return p.filter ?? p.exclude ?? p.axis ?? p.align ?? p.recipe;
}

export function buildRecipe(
  origin: SeriesOrigin,
  p: ReconParams,
  importOptions: GeometryImportOptions,
  nviews: number,
): { ok: true; recipe: Recipe; files: Record<string, Blob> } | { ok: false; message: string } {
  const first = firstProblem(reconProblems(p, nviews, origin.xf?.name));
  if (first) return { ok: false, message: first };
  const files: Record<string, Blob> = { [origin.name]: origin.file };
  if (origin.tilts) files[origin.tilts.name] = origin.tilts;
  if (origin.xf) files[origin.xf.name] = origin.xf;
  if (p.method === 'cn' && p.network) files[p.network.name] = p.network;
  return { ok: true, recipe: recipeOf(origin, p, importOptions), files };
}

/** A recipe's parameters as the panel's fields (Open recipe); the stack and angle files stay as opened. */
export function paramsFromRecipe(
  r: Recipe,
  current: ReconParams,
): { params: ReconParams; importOptions: GeometryImportOptions } {
  const c = r.reconstruct;
  return {
    params: {
      ...current,
      method: c.method,
      filter: c.filter ?? current.filter,
      iterations: c.iterations ?? (c.method === 'cn' ? 0 : current.iterations),
      relaxation: c.relaxation ?? current.relaxation,
      subsets: c.subsets ?? 0,
      warmStart: c.warmStart ?? 'zero',
      positivity: c.positivity ?? false,
      lambda: c.tvWeight ?? current.lambda,
      thickness: c.thicknessPx ?? current.thickness,
      zOffset: c.zOffsetPx,
      exclude: c.excludeViews,
      bin: c.bin,
      prealign: c.prealign,
      device: r.device.kind,
      axisRotation: r.geometry.axisRotationDeg === undefined ? '' : String(r.geometry.axisRotationDeg),
      align: { ...r.align },
      cnMode: c.cnMode ?? current.cnMode,
      width: c.width ?? current.width,
      depth: c.depth ?? current.depth,
    },
    importOptions: { invertAngles: r.geometry.invertAngles, axisRotated180: r.geometry.axisRotated180 },
  };
}
