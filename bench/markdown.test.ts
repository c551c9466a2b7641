// The docs/benchmarks.md rewriting: generated blocks change, hand-written prose and other blocks stay.
import { describe, expect, it } from 'vitest';
import { cpuModel, type MachineFacts } from './machine.ts';
import {
  consoleTable,
  parseBlocks,
  renderBlock,
  RESULTS_END,
  RESULTS_START,
  updateResults,
} from './markdown.ts';
import { BENCHMARKS, parseOnly } from './run.ts';
import type { BenchResult } from './types.ts';

const facts: MachineFacts = {
  cpu: 'Test CPU @ 2.0GHz',
  cores: 2,
  memoryGiB: 24,
  node: 'v20.19.0',
  os: 'Linux 6.1 (x64)',
  date: '2024-01-02T03:04:05Z',
};

const result = (name: string, seconds: number, extra: Partial<BenchResult> = {}): BenchResult => ({
  name,
  seconds,
  details: { psnr_s: 0.0312, ssim: 0.91234567, note: 'a|b' },
  ...extra,
});

const DOC = [
  '# Benchmarks',
  '',
  'Hand-written intro that must survive.',
  '',
  '## Results',
  '',
  RESULTS_START,
  RESULTS_END,
  '',
  '## Notes',
  '',
  'Prose after the results, also kept.',
  '',
].join('\n');

describe('bench markdown', () => {
  it('renders machine facts, the command and a results table', () => {
    const block = renderBlock(
      'metrics',
      [result('metrics 128³', 5.123, { target: '< 10 s', met: true })],
      facts,
      'npm run bench',
    );
    expect(block).toMatch(/^<!-- bench:metrics -->\n### metrics\n/);
    expect(block).toContain('- Machine: Test CPU @ 2.0GHz, 2 cores, 24 GiB; Linux 6.1 (x64); Node v20.19.0');
    expect(block).toContain('- GPU: none used (CPU only)');
    expect(block).toContain('- Date: 2024-01-02T03:04:05Z');
    expect(block).toContain('- Command: `npm run bench`');
    expect(block).toContain(
      '| metrics 128³ | 5.12 | < 10 s | yes |  | psnr_s 0.0312, ssim 0.9123, note a\\|b |',
    );
    expect(block.endsWith('<!-- /bench:metrics -->')).toBe(true);
    const gpu = renderBlock('x', [result('x', 1, { gpu: 'NVIDIA H100' })], facts, 'c');
    expect(gpu).toContain('- GPU: NVIDIA H100');
  });

  it('replaces only the results block: prose before and after is kept byte for byte', () => {
    const blocks = new Map([['metrics', renderBlock('metrics', [result('m', 1)], facts, 'cmd')]]);
    const out = updateResults(DOC, blocks, ['simulate', 'metrics']);
    const [before, rest] = out.split(RESULTS_START);
    const after = rest.split(RESULTS_END)[1];
    expect(before).toBe(DOC.split(RESULTS_START)[0]);
    expect(after).toBe(DOC.split(RESULTS_END)[1]);
    expect(out).toContain('### metrics');
    // idempotent: the same run gives the same document
    expect(updateResults(out, blocks, ['simulate', 'metrics'])).toBe(out);
  });

  it('--only style updates keep the other benchmarks and order blocks by the registry', () => {
    const first = updateResults(
      DOC,
      new Map([
        ['metrics', renderBlock('metrics', [result('m old', 9)], facts, 'a')],
        ['simulate', renderBlock('simulate', [result('s', 7)], facts, 'a')],
      ]),
      ['simulate', 'metrics'],
    );
    const second = updateResults(
      first,
      new Map([['metrics', renderBlock('metrics', [result('m new', 3)], facts, 'b')]]),
      ['simulate', 'metrics'],
    );
    expect(second).toContain('| s | 7.00 |');
    expect(second).toContain('| m new | 3.00 |');
    expect(second).not.toContain('m old');
    const inner = second.split(RESULTS_START)[1].split(RESULTS_END)[0];
    expect([...parseBlocks(inner).keys()]).toEqual(['simulate', 'metrics']);
  });

  it('appends the markers when the document has none, keeping its text', () => {
    const out = updateResults(
      '# Benchmarks\n\nSome prose.\n',
      new Map([['x', renderBlock('x', [result('x', 1)], facts, 'c')]]),
      [],
    );
    expect(out.startsWith('# Benchmarks\n\nSome prose.\n\n' + RESULTS_START)).toBe(true);
    expect(out.trimEnd().endsWith(RESULTS_END)).toBe(true);
  });

  it('prints a console table and parses --only', () => {
    const t = consoleTable([result('metrics 128³', 12.345, { met: false, target: 'x' })]);
    expect(t.split('\n')[0]).toMatch(/^case\s+seconds\s+target\s+met\s+details$/);
    expect(t).toMatch(/metrics 128³\s+12\.3\s+x\s+no\s+psnr_s/);
    expect(parseOnly(['--only', 'metrics'])).toEqual(['metrics']);
    expect(parseOnly(['--only=metrics,simulate'])).toEqual(['metrics', 'simulate']);
    expect(parseOnly([])).toBeNull();
    expect(BENCHMARKS.map((b) => b.name)).toEqual(expect.arrayContaining(['metrics', 'simulate']));
  });

  it('reads the CPU model from /proc/cpuinfo text', () => {
    expect(cpuModel('processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: x\n')).toBe('AMD EPYC 7B13');
  });
});
