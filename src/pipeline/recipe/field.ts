// Metadata that turns one zod schema into CLI flags, help, the page's fields and error messages: every
// recipe field carries its flag and a one-line explanation, so nothing about a parameter is written twice.
import { z } from 'zod';

export interface FieldMeta {
  /** the CLI option without dashes, e.g. 'thickness'; absent: recipe-only */
  flag?: string;
  /** one line, shown in `--help`, in the page beside the field and in recipe errors */
  help: string;
  /** help's value placeholder, e.g. 'NZ' */
  valueName?: string;
  /** a boolean whose flag turns it off (`--no-prealign` sets prealign false) */
  negate?: boolean;
  /** the methods the field applies to (absent: all) */
  methods?: readonly string[];
}

const metas = new WeakMap<z.ZodType, FieldMeta>();

/** Attaches `meta` to `schema` (the outermost wrapper, defaults included) and returns it. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  metas.set(schema, meta);
  return schema;
}

export function metaOf(schema: z.ZodType): FieldMeta | undefined {
  return metas.get(schema);
}

/** What a field accepts, read back from its schema: the CLI and the page build their inputs from it. */
export interface FieldShape {
  kind: 'number' | 'integer' | 'string' | 'boolean' | 'enum';
  min?: number;
  /** min itself is not allowed (relaxation > 0) */
  minExclusive?: boolean;
  max?: number;
  choices?: readonly string[];
  defaultValue?: unknown;
  optional: boolean;
  nullable: boolean;
}

export function shapeOf(schema: z.ZodType): FieldShape {
  let s: z.ZodType = schema;
  let defaultValue: unknown;
  let optional = false;
  let nullable = false;
  for (;;) {
    if (s instanceof z.ZodDefault) {
      defaultValue = s.def.defaultValue;
      s = s.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodOptional) {
      optional = true;
      s = s.def.innerType as z.ZodType;
    } else if (s instanceof z.ZodNullable) {
      nullable = true;
      s = s.def.innerType as z.ZodType;
    } else break;
  }
  if (s instanceof z.ZodNumber) {
    const min = s.minValue ?? undefined;
    const max = s.maxValue ?? undefined;
    const bag = (s as unknown as { _zod: { bag: { exclusiveMinimum?: number } } })._zod.bag;
    return {
      kind: s.format === 'safeint' || s.isInt ? 'integer' : 'number',
      min: min !== null && Number.isFinite(min) ? min : undefined,
      minExclusive: bag.exclusiveMinimum !== undefined,
      max: max !== null && Number.isFinite(max) ? max : undefined,
      defaultValue,
      optional,
      nullable,
    };
  }
  if (s instanceof z.ZodBoolean) return { kind: 'boolean', defaultValue, optional, nullable };
  if (s instanceof z.ZodEnum) {
    return { kind: 'enum', choices: s.options.map(String), defaultValue, optional, nullable };
  }
  if (s instanceof z.ZodLiteral) {
    return { kind: 'enum', choices: [...s.values].map(String), defaultValue, optional, nullable };
  }
  return { kind: 'string', defaultValue, optional, nullable };
}
