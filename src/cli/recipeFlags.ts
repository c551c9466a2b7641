// The recipe schema (src/pipeline/recipe) as command-line options: every flag, its help and its limits come
// from the field's declaration, and values are checked by the recipe's own validation, so a bad value reads
// `reconstruct.thicknessPx (--thickness): must be a whole number ≥ 1, got -3` in every command.
import type { z } from 'zod';
import {
  metaOf,
  METHOD_DEFAULTS,
  parseRecipe,
  SECTIONS,
  shapeOf,
  type Recipe,
  type SectionName,
} from '../pipeline/index.ts';
import type { CommandArgs, OptionSpec } from './spec.ts';

interface FlagField {
  section: SectionName;
  key: string;
  option: OptionSpec;
  negate: boolean;
}

function rangeText(min?: number, max?: number, minExclusive = false): string {
  if (minExclusive) return max !== undefined ? ` [> ${min}, ≤ ${max}]` : ` [> ${min}]`;
  if (min !== undefined && max !== undefined) return ` [${min}…${max}]`;
  if (min !== undefined) return ` [≥ ${min}]`;
  if (max !== undefined) return ` [≤ ${max}]`;
  return '';
}

/** Method defaults for the help of method-specific fields: "(sirt 20, sart 5, tv 30)". */
function defaultsText(key: string): string {
  const parts = Object.entries(METHOD_DEFAULTS)
    .map(([m, d]) => [m, (d as Record<string, unknown>)[key]] as const)
    .filter(([, v]) => v !== undefined)
    .map(([m, v]) => `${m} ${String(v)}`);
  return parts.length ? ` (default ${parts.join(', ')})` : '';
}

function flagFields(sections: readonly SectionName[]): FlagField[] {
  const out: FlagField[] = [];
  for (const section of sections) {
    for (const [key, schema] of Object.entries(SECTIONS[section].shape as Record<string, z.ZodType>)) {
      const meta = metaOf(schema);
      if (!meta?.flag) continue;
      const shape = shapeOf(schema);
      const base = { name: meta.flag, valueName: meta.valueName };
      let option: OptionSpec;
      if (shape.kind === 'boolean') option = { ...base, type: 'flag', help: meta.help };
      else if (shape.kind === 'enum') {
        option = {
          ...base,
          type: 'enum',
          choices: shape.choices,
          default: shape.defaultValue as string,
          help: meta.help,
        };
      } else if (shape.kind === 'string') {
        option = { ...base, type: 'string', help: meta.help + defaultsText(key) };
      } else {
        option = {
          ...base,
          type: 'number',
          default: shape.defaultValue as number | undefined,
          help: meta.help + rangeText(shape.min, shape.max, shape.minExclusive) + defaultsText(key),
        };
      }
      out.push({ section, key, option, negate: meta.negate === true });
    }
  }
  return out;
}

const RECON_SECTIONS: SectionName[] = ['input', 'geometry', 'align', 'reconstruct', 'device', 'export'];

/** Options for the recipe fields of `sections` (default: all a reconstruction takes). */
export function recipeOptions(sections: readonly SectionName[] = RECON_SECTIONS): OptionSpec[] {
  return flagFields(sections).map((f) => f.option);
}

/**
 * The recipe a command line describes: the stack, plus every recipe flag the user typed (defaults are
 * the schema's), validated as a recipe file would be. `base` is a recipe to start from (wedgelab run).
 */
export function recipeFromArgs(
  args: CommandArgs,
  stack: string | undefined,
  sections: readonly SectionName[] = RECON_SECTIONS,
  base?: Recipe,
  source = '',
): Recipe {
  const doc: Record<string, Record<string, unknown>> = JSON.parse(
    JSON.stringify(base ?? { wedgelab: 'recipe/1', input: {} }),
  );
  if (stack !== undefined) {
    doc.input = { ...doc.input, stack };
    delete doc.input.expect; // another stack: its sizes are checked against the series, not the recipe
  }
  for (const f of flagFields(sections)) {
    if (!args.has(f.option.name)) continue;
    const o = f.option;
    const v =
      o.type === 'flag'
        ? !f.negate && args.flag(o.name)
        : o.type === 'number'
          ? args.number(o.name)
          : o.type === 'enum'
            ? args.choice(o.name)
            : args.string(o.name);
    doc[f.section] = { ...(doc[f.section] ?? {}), [f.key]: v };
  }
  return parseRecipe(doc, source);
}
