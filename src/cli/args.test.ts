import { describe, expect, it } from 'vitest';
import { looksNegativeNumber, parseArgs, usageLine } from './args.ts';
import { commands } from './commands/index.ts';
import { commandHelp, mainHelp } from './help.ts';
import { main, type CliIO } from './main.ts';
import type { CommandSpec } from './spec.ts';
import { makeProgress } from './progress.ts';
import { suggest } from './suggest.ts';

// A simulate-like declaration, as the later issues will add: every option type in one spec.
const demo: CommandSpec = {
  name: 'demo',
  summary: 'parser test command',
  positionals: [
    { name: 'IN', help: 'input' },
    { name: 'EXTRA', help: 'optional', optional: true },
  ],
  options: [
    { name: 'tilt-range', type: 'list', count: 2, valueName: 'MIN,MAX', default: [-60, 60], help: 'range' },
    { name: 'tilt-step', type: 'number', min: 0.1, default: 2, help: 'step' },
    { name: 'seed', type: 'number', integer: true, help: 'seed' },
    {
      name: 'order',
      type: 'enum',
      choices: ['dose-symmetric', 'bidirectional'],
      default: 'dose-symmetric',
      help: 'order',
    },
    { name: 'out', type: 'string', required: true, valueName: 'PREFIX', help: 'output prefix' },
    { name: 'ctf', type: 'string', help: 'key=value list' },
    { name: 'noise', type: 'flag', help: 'add noise' },
  ],
  run: async () => ({ json: {}, text: '' }),
};

function usageMessage(argv: string[]): string {
  try {
    parseArgs(demo, argv);
  } catch (e) {
    expect((e as Error).name).toBe('WedgeLabError');
    return (e as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('parseArgs', () => {
  it('takes negative numbers as option values, as users type them', () => {
    const a = parseArgs(demo, ['in.mrc', '--tilt-range', '-60,60', '--out', 'x', '--tilt-step', '3']);
    expect(a.list('tilt-range')).toEqual([-60, 60]);
    expect(parseArgs(demo, ['i', '--tilt-range', '-40,-2.5', '--out', 'x']).list('tilt-range')).toEqual([
      -40, -2.5,
    ]);
    expect(parseArgs(demo, ['i', '--tilt-range=-50,50', '--out', 'x']).list('tilt-range')).toEqual([-50, 50]);
    expect(parseArgs(demo, ['i', '--seed', '-7', '--out', 'x']).number('seed')).toBe(-7);
    expect(parseArgs(demo, ['i', '--out', '-odd-name']).string('out')).toBe('-odd-name');
  });

  it('treats a bare negative number as a positional', () => {
    expect(looksNegativeNumber('-60,60')).toBe(true);
    expect(looksNegativeNumber('-.5')).toBe(true);
    expect(looksNegativeNumber('--json')).toBe(false);
    const a = parseArgs(demo, ['-5', '--out', 'x']);
    expect(a.positional('IN')).toBe('-5');
    expect(parseArgs(demo, ['--out', 'x', '--', '--weird']).positional('IN')).toBe('--weird');
  });

  it('applies defaults and reports what the user typed', () => {
    const a = parseArgs(demo, ['in', '--out', 'p', '--noise', '--json']);
    expect(a.list('tilt-range')).toEqual([-60, 60]);
    expect(a.number('tilt-step')).toBe(2);
    expect(a.number('seed')).toBeUndefined();
    expect(a.choice('order')).toBe('dose-symmetric');
    expect(a.flag('noise')).toBe(true);
    expect(a.flag('json')).toBe(true);
    expect(a.has('tilt-step')).toBe(false);
    expect(a.positional('EXTRA')).toBeUndefined();
  });

  it('rejects bad values with one-line messages', () => {
    expect(usageMessage(['i', '--out', 'x', '--tilt-range', '-60'])).toMatch(
      /--tilt-range: expected 2 comma-separated numbers \(MIN,MAX\)/,
    );
    expect(usageMessage(['i', '--out', 'x', '--tilt-step', 'abc'])).toMatch(
      /--tilt-step: expected a number, got 'abc'/,
    );
    expect(usageMessage(['i', '--out', 'x', '--tilt-step', '0'])).toMatch(/must be ≥ 0.1/);
    expect(usageMessage(['i', '--out', 'x', '--seed', '1.5'])).toMatch(/expected an integer/);
    expect(usageMessage(['i', '--out', 'x', '--order', 'random'])).toMatch(
      /expected one of dose-symmetric, bidirectional/,
    );
    expect(usageMessage(['i', '--out'])).toMatch(/--out needs a value \(PREFIX\)/);
    expect(usageMessage(['i'])).toMatch(/--out is required/);
    expect(usageMessage(['--out', 'x'])).toMatch(/missing IN/);
    expect(usageMessage(['a', 'b', 'c', '--out', 'x'])).toMatch(/unexpected argument 'c'/);
    expect(usageMessage(['i', '--out', 'x', '--noise=yes'])).toMatch(/--noise takes no value/);
    expect(usageMessage(['i', '--out', 'x', '-n'])).toMatch(/unknown option -n/);
    for (const m of [usageMessage(['i', '--out', 'x', '--tilt-rang', '1,2'])]) {
      expect(m).toBe(
        "demo: unknown option --tilt-rang (did you mean --tilt-range?); see 'wedgelab help demo'",
      );
      expect(m).not.toContain('\n');
    }
  });

  it('fails loudly when a command reads an option it did not declare', () => {
    const a = parseArgs(demo, ['i', '--out', 'x']);
    expect(() => a.number('nope')).toThrow(/internal/);
    expect(() => a.number('out')).toThrow(/internal/);
  });
});

describe('suggest', () => {
  it('finds typos and prefixes, not unrelated words', () => {
    expect(suggest('inof', ['info', 'convert'])).toBe('info');
    expect(suggest('conv', ['info', 'convert'])).toBe('convert');
    expect(suggest('reconstrct', ['reconstruct', 'project'])).toBe('reconstruct');
    expect(suggest('zzz', ['info', 'convert'])).toBeUndefined();
  });
});

describe('help', () => {
  it('is generated from the declarations', () => {
    const text = commandHelp(demo);
    expect(usageLine(demo)).toBe('wedgelab demo IN [EXTRA] --out PREFIX [options]');
    expect(text).toContain('--tilt-range MIN,MAX');
    expect(text).toContain('(default: -60,60)');
    expect(text).toContain('--order dose-symmetric|bidirectional');
    expect(text).toContain('--json');
    for (const c of commands) for (const o of c.options) expect(commandHelp(c)).toContain(`--${o.name}`);
  });

  it('lists every command', async () => {
    const help = mainHelp(commands, '0');
    for (const c of commands) expect(help).toMatch(new RegExp(`^  ${c.name} `, 'm'));
    let out = '';
    const io: CliIO = { stdout: (t) => void (out += t), stderr: () => {}, stderrIsTTY: false, debug: false };
    expect(await main(['help', 'convert'], io)).toBe(0);
    expect(out).toContain('Usage: wedgelab convert IN OUT [options]');
  });
});

describe('progress', () => {
  it('draws only on a terminal and only after 250 ms', () => {
    let t = 0;
    let out = '';
    const p = makeProgress(
      'job',
      true,
      (s) => void (out += s),
      () => t,
    );
    p.update(0.1);
    expect(out).toBe('');
    t = 500;
    p.update(0.5, 'iteration 3');
    expect(out).toMatch(/job \[#+ +\] +50% ETA 1 s iteration 3/);
    p.done();
    let quiet = '';
    const off = makeProgress(
      'job',
      false,
      (s) => void (quiet += s),
      () => (t += 1000),
    );
    off.update(0.5);
    off.done();
    expect(quiet).toBe('');
  });
});
