/**
 * Save recipe / Open recipe: the panel's parameters as a `wedgelab run` recipe (recipe/1 JSON, the stack's
 * sizes recorded so a replay on another stack is refused), and a recipe.json read back into the fields.
 * The stack and its angle files are not part of an opened recipe: they stay as opened (or drop them along).
 */
import { oneLine } from '../core/errors.ts';
import { seriesSources } from '../jobs/seriesSources.ts';
import { parseRecipeText, type Recipe } from '../pipeline/index.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { buildRecipe, paramsFromRecipe } from './reconRequest.ts';
import { saveBytes } from './saveFile.ts';

/** The recipe of the panel as it stands, or null with the problem shown. */
export function currentRecipe(): Recipe | null {
  const ds = useAppStore.getState().dataset;
  const { recon, importOptions } = useReconStore.getState();
  if (!ds) return null;
  const origin = seriesSources.get(ds.id) ?? { file: new Blob(), name: ds.name };
  const built = buildRecipe(origin, recon, importOptions, ds.nz);
  if (!built.ok) {
    useAppStore.getState().showError({
      title: 'Cannot save the recipe',
      message: built.message,
      hint: 'Fix the highlighted field.',
    });
    return null;
  }
  return {
    ...built.recipe,
    input: { ...built.recipe.input, expect: { nx: ds.nx, ny: ds.ny, nviews: ds.nz } },
  };
}

export function saveRecipe(): void {
  const r = currentRecipe();
  if (!r) return;
  const stem = r.input.stack.replace(/\.(gz|bz2)$/i, '').replace(/\.[^.]+$/, '') || 'tomogram';
  saveBytes(
    new TextEncoder().encode(JSON.stringify(r, null, 2) + '\n'),
    `${stem}_${r.reconstruct.method}.recipe.json`,
    'application/json',
  );
}

/** Reads a recipe file into the panel; a bad recipe is refused with its one line, nothing changed. */
export async function openRecipeFile(file: File): Promise<boolean> {
  try {
    const recipe = parseRecipeText(await file.text(), file.name);
    const s = useReconStore.getState();
    const { params, importOptions } = paramsFromRecipe(recipe, s.recon);
    // setRecon with the method first would reset its defaults over the recipe's values
    useReconStore.setState({ recon: params });
    s.setImportOptions(importOptions);
    const ds = useAppStore.getState().dataset;
    const e = recipe.input.expect;
    if (ds && e && (e.nx !== ds.nx || e.ny !== ds.ny || e.nviews !== ds.nz)) {
      useAppStore.getState().showError({
        title: `${file.name} was saved for another stack`,
        message: `it was saved for a ${e.nx}×${e.ny}×${e.nviews} stack and ${ds.name} is ${ds.nx}×${ds.ny}×${ds.nz}`,
        hint: 'Its parameters are in the panel; check the thickness and the excluded views.',
      });
    }
    return true;
  } catch (e) {
    useAppStore.getState().showError({
      title: `Cannot open the recipe ${file.name}`,
      message: oneLine(e),
      hint: 'Save a recipe from this version (Save recipe, or wedgelab reconstruct --save-recipe).',
    });
    return false;
  }
}
