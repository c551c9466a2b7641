// Help text generated from the command declarations, so it never drifts from what the parser accepts.
import { optionsOf, usageLine } from './args.ts';
import type { CommandSpec, OptionSpec } from './spec.ts';

function columns(rows: [string, string][], indent = '  '): string[] {
  const width = Math.max(0, ...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${indent}${a.padEnd(width)}  ${b}`.trimEnd());
}

function optionLabel(o: OptionSpec): string {
  if (o.type === 'flag') return `--${o.name}`;
  const value =
    o.valueName ??
    (o.type === 'enum' ? (o.choices ?? []).join('|') : o.type === 'list' ? 'A,B,...' : o.type.toUpperCase());
  return `--${o.name} ${value}`;
}

function optionHelp(o: OptionSpec): string {
  const notes: string[] = [];
  if (o.required) notes.push('required');
  if (o.default !== undefined && o.type !== 'flag') {
    notes.push(`default: ${Array.isArray(o.default) ? o.default.join(',') : String(o.default)}`);
  }
  return notes.length ? `${o.help} (${notes.join('; ')})` : o.help;
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: ${usageLine(spec)}`, '', spec.summary];
  if (spec.description) lines.push('', spec.description);
  if (spec.positionals.length) {
    lines.push('', 'Arguments:', ...columns(spec.positionals.map((p) => [p.name, p.help])));
  }
  const opts = optionsOf(spec);
  lines.push(
    '',
    'Options:',
    ...columns([
      ...opts.map((o): [string, string] => [optionLabel(o), optionHelp(o)]),
      ['-h, --help', 'show this help'],
    ]),
  );
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

export function mainHelp(commands: readonly CommandSpec[], version: string): string {
  const lines = [
    `wedgelab ${version}: cryo-electron-tomography workbench, headless`,
    '',
    'Usage: wedgelab <command> [arguments] [options]',
    '',
    'Commands:',
    ...columns([
      ...commands.map((c): [string, string] => [c.name, c.summary]),
      ['help', 'show help for a command'],
    ]),
    '',
    'Options:',
    ...columns([
      ['-h, --help', 'show this help'],
      ['--version', 'print the version'],
    ]),
    '',
    "Run 'wedgelab help <command>' for a command's arguments and options.",
    'Every command takes --json for one JSON document on stdout. Exit status: 0 ok, 2 bad input, 1 internal error.',
  ];
  return lines.join('\n') + '\n';
}
