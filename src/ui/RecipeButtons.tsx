import { useAppStore } from '../state/appStore.ts';
import { openRecipeFile, saveRecipe } from './recipeFile.ts';

/** Save the panel's parameters as a recipe (for `wedgelab run` and batch), or open one into the panel. */
export function RecipeButtons() {
  const ds = useAppStore((s) => s.dataset);
  return (
    <div className="recipe-actions">
      <button
        type="button"
        disabled={!ds}
        data-testid="save-recipe"
        title="download these parameters as recipe.json (wedgelab run R.json replays it)"
        onClick={saveRecipe}
      >
        Save recipe
      </button>
      <label className="file-button" title="read a recipe.json into the panel (also: drop it on the page)">
        <input
          type="file"
          accept=".json,application/json"
          data-testid="open-recipe"
          aria-label="Open a recipe (recipe.json)"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void openRecipeFile(file);
            e.currentTarget.value = '';
          }}
        />
        Open recipe…
      </label>
    </div>
  );
}
