// Recipe validation with errors users can act on: each names the field path and its CLI flag, says what is
// allowed and what was given, e.g. `reconstruct.thicknessPx (--thickness): must be a whole number ≥ 1, got -3`.
import { z } from 'zod';
import { WedgeLabError } from '../../core/errors.ts';
import { metaOf, shapeOf } from './field.ts';
import { RECIPE_VERSION, recipeSchema, SECTIONS, type Recipe, type SectionName } from './schema.ts';

const show = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));

/** `reconstruct.thicknessPx (--thickness)` for a field path. */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const name = path.map(String).join('.');
  const schema = fieldSchema(path);
  const flag = schema ? metaOf(schema)?.flag : undefined;
  return flag ? `${name} (--${flag})` : name;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const k of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function fieldSchema(path: readonly PropertyKey[]): z.ZodType | undefined {
  const shape = SECTIONS[path[0] as SectionName]?.shape as Record<string, z.ZodType> | undefined;
  return shape && typeof path[1] === 'string' ? shape[path[1]] : undefined;
}

function knownKeys(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(recipeSchema.shape);
  const section = SECTIONS[path[0] as SectionName];
  return section ? Object.keys(section.shape) : [];
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const got = valueAt(root, issue.path);
  const where = fieldLabel(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const at = issue.path.length ? `${issue.path.join('.')}.` : '';
      const known = knownKeys(issue.path).join(', ');
      return `unknown field ${issue.keys.map((k) => at + k).join(', ')}; known fields here: ${known}`;
    }
    case 'invalid_type':
      if (got === undefined) return `${where}: missing; it is required`;
      return `${where}: must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}, got ${show(got)}`;
    case 'too_small': {
      if (issue.origin === 'string') return `${where}: must not be empty`;
      const schema = fieldSchema(issue.path);
      const whole = schema && shapeOf(schema).kind === 'integer' ? 'a whole number ' : '';
      return `${where}: must be ${whole}${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${show(got)}`;
    }
    case 'too_big':
      return `${where}: must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, got ${show(got)}`;
    case 'invalid_value':
      return `${where}: must be one of ${issue.values.map(show).join(', ')}, got ${show(got)}`;
    default:
      return `${where}: ${issue.message}${got !== undefined ? `, got ${show(got)}` : ''}`;
  }
}

/** A checked recipe from parsed JSON; throws one line naming `source` and the first problem. */
export function parseRecipe(json: unknown, source = ''): Recipe {
  const at = source ? `${source}: ` : '';
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new WedgeLabError('bad-argument', `${at}not a WedgeLab recipe (expected a JSON object)`);
  }
  const version = (json as { wedgelab?: unknown }).wedgelab;
  if (version !== RECIPE_VERSION) {
    const what = version === undefined ? 'has no "wedgelab" version field' : `is ${show(version)}`;
    throw new WedgeLabError(
      'bad-argument',
      `${source || 'the recipe'} ${what}; this WedgeLab reads "wedgelab": "${RECIPE_VERSION}" (save the recipe again with this version)`,
    );
  }
  const r = recipeSchema.safeParse(json);
  if (r.success) return r.data;
  throw new WedgeLabError('bad-argument', `${at}${describeIssue(r.error.issues[0], json)}`);
}

/** Parses recipe text (a recipe.json file's contents). */
export function parseRecipeText(text: string, source = 'recipe'): Recipe {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new WedgeLabError('bad-argument', `${source}: not JSON (${(e as Error).message})`);
  }
  return parseRecipe(json, source);
}
