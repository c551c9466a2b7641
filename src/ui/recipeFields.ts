/**
 * The page's field limits and one-line explanations, read from the recipe schema (src/pipeline/recipe): the
 * same bounds and words as the CLI's flags and recipe validation (e.g. bin 1…64 in both).
 */
import type { z } from 'zod';
import { metaOf, SECTIONS, shapeOf, type SectionName } from '../pipeline/index.ts';

export interface FieldInfo {
  min?: number;
  max?: number;
  /** the field's help, then its CLI flag */
  title: string;
}

export function fieldInfo(section: SectionName, key: string): FieldInfo {
  const schema = (SECTIONS[section].shape as Record<string, z.ZodType>)[key];
  const meta = schema ? metaOf(schema) : undefined;
  const shape = schema ? shapeOf(schema) : undefined;
  const flag = meta?.flag ? ` (wedgelab --${meta.flag})` : '';
  return { min: shape?.min, max: shape?.max, title: `${meta?.help ?? key}${flag}` };
}

/**
 * One line per choice of an enum field, read from its help ("xcorr (cross-correlation, …), pm (…); none: …"):
 * the page explains the chosen value under its select. A choice the help does not name gets the whole help.
 */
export function choiceHelp(
  section: SectionName,
  key: string,
  choices: readonly string[],
): Record<string, string> {
  const schema = (SECTIONS[section].shape as Record<string, z.ZodType>)[key];
  const help = (schema && metaOf(schema)?.help) ?? key;
  const out: Record<string, string> = {};
  for (const c of choices) {
    const paren = new RegExp(`(?:^|[\\s:,;])${c} \\(([^)]*)\\)`).exec(help);
    const colon = new RegExp(`(?:^|;\\s*)${c}: ([^;]*)`).exec(help);
    out[c] = (paren?.[1] ?? colon?.[1] ?? help).trim();
  }
  return out;
}
