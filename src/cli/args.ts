// A small argument parser driven by CommandSpec. Hand-written because node:util parseArgs refuses
// option values that start with '-', and users type `--tilt-range -60,60`.
import { WedgeLabError } from '../core/errors.ts';
import { jsonOption, type CommandArgs, type CommandSpec, type OptionSpec, type OptionValue } from './spec.ts';
import { suggest } from './suggest.ts';

function usageError(message: string): WedgeLabError {
  return new WedgeLabError('bad-argument', message);
}

/** Options every command accepts, declared once. */
export const commonOptions: OptionSpec[] = [jsonOption];

export function optionsOf(spec: CommandSpec): OptionSpec[] {
  return [...spec.options, ...commonOptions];
}

/** The parsed, validated command line; getters are typed by the declared option type. */
export class ParsedArgs implements CommandArgs {
  constructor(
    readonly command: string,
    private readonly values: ReadonlyMap<string, OptionValue>,
    private readonly declared: ReadonlyMap<string, OptionSpec>,
    private readonly positionalValues: ReadonlyMap<string, string>,
  ) {}

  private get(name: string, type: OptionSpec['type']): OptionValue | undefined {
    const spec = this.declared.get(name);
    // A typo in a command's own code, not the user's fault: fail loudly (exit 1).
    if (!spec || spec.type !== type)
      throw new Error(`internal: ${this.command} reads undeclared ${type} option --${name}`);
    return this.values.get(name) ?? spec.default;
  }

  flag(name: string): boolean {
    return this.get(name, 'flag') === true;
  }
  number(name: string): number | undefined {
    return this.get(name, 'number') as number | undefined;
  }
  string(name: string): string | undefined {
    return this.get(name, 'string') as string | undefined;
  }
  list(name: string): number[] | undefined {
    return this.get(name, 'list') as number[] | undefined;
  }
  choice(name: string): string | undefined {
    return this.get(name, 'enum') as string | undefined;
  }
  has(name: string): boolean {
    return this.values.has(name);
  }
  positional(name: string): string | undefined {
    return this.positionalValues.get(name);
  }
}

/** A token that is a negative number (`-60`, `-.5`, `-1e3`, `-60,60`) is a value, never an option. */
export function looksNegativeNumber(token: string): boolean {
  return /^-(\d|\.\d)/.test(token);
}

function parseNumber(text: string, what: string): number {
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) throw usageError(`${what}: expected a number, got '${text}'`);
  return v;
}

function checkBounds(v: number, spec: OptionSpec, what: string): void {
  if (spec.integer && !Number.isInteger(v)) throw usageError(`${what}: expected an integer, got ${v}`);
  if (spec.min !== undefined && v < spec.min) throw usageError(`${what}: must be ≥ ${spec.min}, got ${v}`);
  if (spec.max !== undefined && v > spec.max) throw usageError(`${what}: must be ≤ ${spec.max}, got ${v}`);
}

/** Converts the text of one option value according to its declaration. */
export function parseValue(spec: OptionSpec, text: string): OptionValue {
  const what = `--${spec.name}`;
  switch (spec.type) {
    case 'flag':
      throw usageError(`${what} takes no value`);
    case 'string':
      return text;
    case 'number': {
      const v = parseNumber(text, what);
      checkBounds(v, spec, what);
      return v;
    }
    case 'list': {
      const items = text.split(',').map((s) => parseNumber(s, what));
      for (const v of items) checkBounds(v, spec, what);
      if (spec.count !== undefined && items.length !== spec.count) {
        const form = spec.valueName ? ` (${spec.valueName})` : '';
        throw usageError(`${what}: expected ${spec.count} comma-separated numbers${form}, got '${text}'`);
      }
      return items;
    }
    case 'enum': {
      const choices = spec.choices ?? [];
      if (choices.includes(text)) return text;
      throw usageError(`${what}: expected one of ${choices.join(', ')}, got '${text}'`);
    }
  }
}

function findOption(spec: CommandSpec, options: OptionSpec[], name: string): OptionSpec {
  const found = options.find((o) => o.name === name);
  if (found) return found;
  const hint = suggest(
    name,
    options.map((o) => o.name),
  );
  const did = hint ? ` (did you mean --${hint}?)` : '';
  throw usageError(`${spec.name}: unknown option --${name}${did}; see 'wedgelab help ${spec.name}'`);
}

/** True when the user asked for help anywhere before a `--`. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const t of argv) {
    if (t === '--') return false;
    if (t === '--help' || t === '-h') return true;
  }
  return false;
}

/** Parses a command's arguments (argv after the command name). Throws WedgeLabError on bad usage. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options = optionsOf(spec);
  const declared = new Map(options.map((o) => [o.name, o]));
  const values = new Map<string, OptionValue>();
  const positionals: string[] = [];
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (onlyPositionals || !token.startsWith('-') || token === '-' || looksNegativeNumber(token)) {
      positionals.push(token);
      continue;
    }
    if (token === '--') {
      onlyPositionals = true;
      continue;
    }
    if (!token.startsWith('--')) {
      throw usageError(`${spec.name}: unknown option ${token}; options are long, e.g. --json`);
    }
    const eq = token.indexOf('=');
    const name = eq < 0 ? token.slice(2) : token.slice(2, eq);
    const opt = findOption(spec, options, name);
    if (opt.type === 'flag') {
      if (eq >= 0) throw usageError(`--${name} takes no value`);
      values.set(name, true);
      continue;
    }
    let text: string;
    if (eq >= 0) {
      text = token.slice(eq + 1);
    } else {
      // The next token is the value whatever it starts with: '--tilt-range -60,60'.
      if (i + 1 >= argv.length) {
        const form = opt.valueName ?? opt.choices?.join('|') ?? opt.type.toUpperCase();
        throw usageError(`--${name} needs a value (${form})`);
      }
      text = argv[++i];
    }
    values.set(name, parseValue(opt, text));
  }

  for (const o of options) {
    if (o.required && !values.has(o.name)) throw usageError(`${spec.name}: --${o.name} is required`);
  }
  const named = new Map<string, string>();
  spec.positionals.forEach((p, k) => {
    if (k < positionals.length) named.set(p.name, positionals[k]);
    else if (!p.optional) throw usageError(`${spec.name}: missing ${p.name}; usage: ${usageLine(spec)}`);
  });
  if (positionals.length > spec.positionals.length) {
    const extra = positionals[spec.positionals.length];
    throw usageError(`${spec.name}: unexpected argument '${extra}'; usage: ${usageLine(spec)}`);
  }
  return new ParsedArgs(spec.name, values, declared, named);
}

/** `wedgelab convert IN OUT [options]` */
export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals.map((p) => (p.optional ? `[${p.name}]` : p.name));
  const required = spec.options
    .filter((o) => o.required)
    .map((o) => `--${o.name} ${o.valueName ?? o.type.toUpperCase()}`);
  return ['wedgelab', spec.name, ...pos, ...required, '[options]'].join(' ');
}
