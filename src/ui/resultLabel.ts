/** One line of a result's key parameters, for the results list and the compare headers. */
import type { Recipe } from '../pipeline/index.ts';

export function keyParams(recipe: Recipe): string {
  const r = recipe.reconstruct;
  const parts: string[] = [];
  if (r.method === 'wbp') parts.push(r.filter ?? 'default filter');
  if (r.method === 'sirt' || r.method === 'sart' || r.method === 'tv')
    parts.push(`${r.iterations ?? '?'} it.`);
  if (r.method === 'tv' && r.tvWeight !== undefined) parts.push(`λ ${r.tvWeight}`);
  if (r.method === 'cn') {
    parts.push(`${r.cnMode ?? 'fast'}`, `${r.depth ?? '?'}×${r.width ?? '?'}`);
    if (r.iterations) parts.push(`${r.iterations} steps`);
  }
  if (r.bin > 1) parts.push(`bin ${r.bin}`);
  if (r.thicknessPx) parts.push(`${r.thicknessPx} px thick`);
  if (r.excludeViews) parts.push(`excl. ${r.excludeViews}`);
  if (recipe.align.method !== 'none') parts.push(`aligned ${recipe.align.method}`);
  return parts.join(' · ');
}

/** "wedgelab 0.1.0 reconstruct sirt" → "sirt" */
const WEDGELAB_LABEL = /^wedgelab \S+ reconstruct (\w+)/;

/** What the list says of it: WedgeLab's method from its label, else the first label (IMOD's names the program). */
export function importedParams(labels: string[]): string {
  for (const l of labels) {
    const m = WEDGELAB_LABEL.exec(l);
    if (m) return `wedgelab ${m[1].toUpperCase()}`;
  }
  const first = labels.find((l) => l.trim() !== '');
  return first ? first.trim().slice(0, 60) : 'no label';
}
