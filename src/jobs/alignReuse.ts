/**
 * Reconstructing with the alignment the user already inspected (Align only) instead of aligning again: the
 * transforms go to the worker as an IMOD .xf among the job's files (input.xf), the recipe's align step is
 * turned off, and the reconstruction gets exactly the geometry the pipeline's align step would have given it
 * (steps/align.ts alignedSeriesGeometry): the .xf carries the tilt-axis rotation, so the recipe's own axis
 * angle and 180° option are cleared, and the views the aligner excluded are left out too.
 */
import { formatXf } from '../io/meta/index.ts';
import { parseViewList, type Recipe } from '../pipeline/index.ts';
import type { AlignmentSummary } from './alignTypes.ts';

/**
 * What an alignment depends on, from the recipe the page built for it: the stack and its files, the geometry
 * import options, the align settings and the views the user excluded. Same key, same alignment.
 */
export function alignmentKey(recipe: Recipe): string {
  const { stack, tilts, xf, unsignedMode0, permissive } = recipe.input;
  return JSON.stringify({
    input: { stack, tilts, xf, unsignedMode0, permissive },
    geometry: recipe.geometry,
    align: recipe.align,
    exclude: recipe.reconstruct.excludeViews,
  });
}

/** 0-based views → "1-3,7" (IMOD EXCLUDELIST, 1-based). */
export function formatViewList(views: readonly number[]): string {
  const sorted = [...new Set(views)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i] + 1}` : `${sorted[i] + 1}-${sorted[j] + 1}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** The file name the alignment travels under: TS.mrc → TS.xcorr.xf. */
export function alignmentXfName(stack: string, method: string): string {
  const stem = stack.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '') || 'series';
  return `${stem}.${method}.xf`;
}

/**
 * The recipe and files that reconstruct with `a` as it stands; null when it cannot be passed as an .xf alone
 * (a refined tilt offset: a .tlt would have the import options applied a second time), so the caller aligns
 * again instead.
 */
export function reuseAlignment(
  recipe: Recipe,
  files: Record<string, Blob>,
  a: AlignmentSummary,
  nviews: number,
): { recipe: Recipe; files: Record<string, Blob> } | null {
  if (a.tiltOffsetDeg !== 0 || a.transforms.length !== nviews || recipe.input.xf) return null;
  const user = parseViewList(recipe.reconstruct.excludeViews, nviews);
  if (!user.ok) return null;
  const name = alignmentXfName(recipe.input.stack, a.method);
  return {
    recipe: {
      ...recipe,
      input: { ...recipe.input, xf: name },
      geometry: { ...recipe.geometry, axisRotationDeg: 0, axisRotated180: false },
      align: { ...recipe.align, method: 'none', axisSearch: false },
      reconstruct: {
        ...recipe.reconstruct,
        excludeViews: formatViewList([...user.views, ...a.excludedViews]),
      },
    },
    files: { ...files, [name]: new Blob([formatXf(a.transforms)], { type: 'text/plain' }) },
  };
}
