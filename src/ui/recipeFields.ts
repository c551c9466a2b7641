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
