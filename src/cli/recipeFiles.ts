// Recipes on disk: input and output paths inside a recipe file are relative to the file's folder, so a
// recipe moves with its data; on the command line they are relative to the working directory.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseRecipeText, type Recipe } from '../pipeline/index.ts';
import { WedgeLabError } from '../core/errors.ts';
import { writeFileAtomic } from './nodeSource.ts';

type PathMap = (p: string) => string;

function mapPaths(r: Recipe, f: PathMap): Recipe {
  const m = (p: string | undefined) => (p === undefined ? undefined : f(p));
  return {
    ...r,
    input: { ...r.input, stack: f(r.input.stack), tilts: m(r.input.tilts), xf: m(r.input.xf) },
    export: { ...r.export, volume: m(r.export.volume) },
  };
}

export async function readRecipeFile(path: string): Promise<Recipe> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WedgeLabError('not-found', `${path}: no such recipe file`);
    if (code === 'EISDIR')
      throw new WedgeLabError('bad-argument', `${path}: is a directory, expected a recipe .json`);
    throw e;
  }
  const dir = dirname(path);
  return mapPaths(parseRecipeText(text, path), (p) => (isAbsolute(p) ? p : resolve(dir, p)));
}

/** Writes `recipe` (paths as the command line gave them) to `path`, its paths made relative to its folder. */
export async function writeRecipeFile(path: string, recipe: Recipe): Promise<void> {
  const dir = resolve(dirname(path));
  await mkdir(dir, { recursive: true });
  const rel = mapPaths(recipe, (p) => relative(dir, resolve(p)) || '.');
  await writeFileAtomic(path, new TextEncoder().encode(JSON.stringify(rel, null, 2) + '\n'));
}
