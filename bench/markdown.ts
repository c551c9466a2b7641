// Rewrites the generated part of docs/benchmarks.md. Only text between the results markers changes;
// inside it each benchmark has its own sub-block, so `--only NAME` replaces that block and keeps the rest.
import type { MachineFacts } from './machine.ts';
import type { BenchResult } from './types.ts';

export const RESULTS_START = '<!-- bench:results -->';
export const RESULTS_END = '<!-- /bench:results -->';
const blockStart = (name: string) => `<!-- bench:${name} -->`;
const blockEnd = (name: string) => `<!-- /bench:${name} -->`;

function fmtSeconds(s: number): string {
  return s >= 100 ? s.toFixed(0) : s >= 10 ? s.toFixed(1) : s.toFixed(2);
}

function fmtDetail(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** Markdown table cells must not contain bare pipes or newlines. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function detailsText(details: BenchResult['details']): string {
  return Object.entries(details)
    .map(([k, v]) => `${k} ${fmtDetail(v)}`)
    .join(', ');
}

export function metText(r: BenchResult): string {
  if (r.met === undefined) return '';
  return r.met ? 'yes' : '**no**';
}

/** One benchmark's block: machine facts, the command that produced it, and its results table. */
export function renderBlock(
  name: string,
  results: BenchResult[],
  facts: MachineFacts,
  command: string,
): string {
  const gpus = [...new Set(results.map((r) => r.gpu).filter((g): g is string => !!g))];
  const lines = [
    blockStart(name),
    `### ${name}`,
    '',
    `- Machine: ${facts.cpu}, ${facts.cores} cores, ${facts.memoryGiB} GiB; ${facts.os}; Node ${facts.node}`,
    `- GPU: ${gpus.length ? gpus.join(', ') : 'none used (CPU only)'}`,
    `- Date: ${facts.date}`,
    `- Command: \`${command}\``,
    '',
    '| case | seconds | target | met | command | details |',
    '| ---- | ------: | ------ | --- | ------- | ------- |',
    ...results.map(
      (r) =>
        `| ${cell(r.name)} | ${fmtSeconds(r.seconds)} | ${cell(r.target ?? '')} | ${metText(r)} | ${r.command ? `\`${cell(r.command)}\`` : ''} | ${cell(detailsText(r.details))} |`,
    ),
    blockEnd(name),
  ];
  return lines.join('\n');
}

/** The named sub-blocks currently between the results markers, in document order. */
export function parseBlocks(inner: string): Map<string, string> {
  const blocks = new Map<string, string>();
  const re = /<!-- bench:([\w.-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (let m = re.exec(inner); m; m = re.exec(inner)) blocks.set(m[1], m[0]);
  return blocks;
}

/**
 * Returns `doc` with the given blocks replaced (or added), every other block kept, ordered by `order`
 * (names not in `order` keep their place after). Text outside the results markers is never touched;
 * when the markers are missing they are appended at the end.
 */
export function updateResults(doc: string, blocks: Map<string, string>, order: readonly string[]): string {
  let start = doc.indexOf(RESULTS_START);
  let end = start >= 0 ? doc.indexOf(RESULTS_END, start) : -1;
  let base = doc;
  if (start < 0 || end < 0) {
    base = `${doc.replace(/\s*$/, '')}\n\n${RESULTS_START}\n${RESULTS_END}\n`;
    start = base.indexOf(RESULTS_START);
    end = base.indexOf(RESULTS_END, start);
  }
  const inner = base.slice(start + RESULTS_START.length, end);
  const merged = parseBlocks(inner);
  for (const [name, text] of blocks) merged.set(name, text);
  const names = [...merged.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const body = names.map((n) => merged.get(n)).join('\n\n');
  return `${base.slice(0, start)}${RESULTS_START}\n${body}\n${base.slice(end)}`;
}

function rank(order: readonly string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** The console table: one line per result. */
export function consoleTable(results: BenchResult[]): string {
  const rows = results.map((r) => [
    r.name,
    fmtSeconds(r.seconds),
    r.target ?? '',
    metText(r).replace(/\*/g, ''),
    detailsText(r.details),
  ]);
  const head = ['case', 'seconds', 'target', 'met', 'details'];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, k) => (k === 1 ? c.padStart(widths[k]) : c.padEnd(widths[k])))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
