import { useEffect } from 'react';
import { useAppStore } from '../state/appStore.ts';
import { openFiles } from './controller.ts';
import { openRecipeFile } from './recipeFile.ts';

/** Opens the data files, then applies a recipe.json chosen or dropped with them. */
async function openChosen(files: File[]): Promise<void> {
  const recipe = files.find((f) => /\.json$/i.test(f.name));
  const data = files.filter((f) => f !== recipe);
  if (data.length > 0) await openFiles(data);
  if (recipe) await openRecipeFile(recipe);
}

const ACCEPT = '.mrc,.mrcs,.st,.ali,.rec,.map,.ccp4,.preali,.gz,.bz2,.tlt,.rawtlt,.mdoc,.xf,.json';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}

/** File chooser plus drag-and-drop anywhere on the page. */
export function DropZone() {
  const setDragging = useAppStore((s) => s.setDragging);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      void openChosen(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [setDragging]);

  return (
    <label className="file-button">
      <input
        type="file"
        multiple
        accept={ACCEPT}
        data-testid="file-input"
        aria-label="Open a tilt series or volume (MRC) with optional .tlt, .rawtlt or .mdoc, .xf, recipe.json"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          void openChosen(files);
          // choosing the same file again must fire change again
          e.currentTarget.value = '';
        }}
      />
      Open files…
    </label>
  );
}

/** Full-page hint while files are dragged over the window. */
export function DropOverlay() {
  const dragging = useAppStore((s) => s.dragging);
  if (!dragging) return null;
  return (
    <div className="drop-overlay" aria-hidden="true">
      Drop an MRC stack (with its .tlt / .rawtlt / .mdoc, .xf, recipe.json) to open it
    </div>
  );
}
