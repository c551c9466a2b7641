// `npm run bench [-- --only NAME[,NAME]]`: runs the registered benchmarks, prints a table, and rewrites the
// generated part of docs/benchmarks.md (between the bench:results markers; prose elsewhere is kept).
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineFacts } from './machine.ts';
import { consoleTable, renderBlock, updateResults } from './markdown.ts';
import type { BenchEntry, BenchFn, BenchResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const DOC = resolve(here, '../docs/benchmarks.md');

/** True when the import failed because this very module file is absent (not a broken import inside it). */
function isMissing(e: unknown, file: string): boolean {
  const code = (e as { code?: string }).code;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    e instanceof Error &&
    e.message.includes(file.replace(/^\.\//, ''))
  );
}

function entry(name: string, file: string, exportName: string): BenchEntry {
  return {
    name,
    file,
    load: async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const fn = mod[exportName];
      if (typeof fn !== 'function') throw new Error(`bench/${file} does not export ${exportName}()`);
      return fn as BenchFn;
    },
  };
}

// ---- The registered benchmarks. Add one line per benchmark module (imported lazily; a file that
// does not exist yet is skipped with a note). ----
export const BENCHMARKS: BenchEntry[] = [
  entry('simulate', './simulate.ts', 'benchSimulate'),
  entry('metrics', './metrics.ts', 'benchMetrics'),
  entry('backproject', './backproject.ts', 'benchBackproject'),
  entry('wbp', './wbp.ts', 'benchWbp'),
  // ≈ 15 min on 2 cores: SIRT/SART correlation with the truth against iterations, WBP and skimage FBP beside
  entry('sirt-iterations', './sirtIterations.ts', 'benchSirtIterations'),
  entry('gpu', './gpu.ts', 'benchGpu'),
  entry('pipeline', './pipeline.ts', 'benchPipeline'),
  // ≈ 7 min on 2 loaded cores, 2+ of them simulating the 1024² speed-row series
  entry('align', './align.ts', 'benchAlign'),
  // coordinate network: the training step against PyTorch (1 min), paper vs fast (≈ 10 min), phantoms at 64³
  // (≈ 15 min), GENFIRE at 120° (≈ 5 min), the tilt ablation (≈ 10 min), on 2 cores
  entry('cn-step', './cnStep.ts', 'benchCnStep'),
  entry('cn-browser', './cnStep.ts', 'benchCnBrowser'),
  entry('cn-modes', './cn.ts', 'benchCnModes'),
  entry('cn-quality', './cn.ts', 'benchCnQuality'),
  entry('cn-genfire', './cn.ts', 'benchCnGenfire'),
  entry('cn-ablation', './cn.ts', 'benchCnAblation'),
  // ≈ 15–25 min on 2 cores plus a one-off ~6 min simulation; ~9 GB of browser storage while it runs
  entry('browser-large', './browserLarge.ts', 'benchBrowserLarge'),
  // ≈ 1 min: teaching mode's slider step in headless Chromium, 128³
  entry('teach', './teach.ts', 'benchTeach'),
  // ≈ 3 min: browser CPU WBP and SIRT with shared memory (cross-origin isolated) against copies
  entry('isolation', './isolation.ts', 'benchIsolation'),
];

export function parseOnly(argv: string[]): string[] | null {
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (i < 0) return null;
  const value = argv[i].startsWith('--only=') ? argv[i].slice('--only='.length) : argv[i + 1];
  if (!value) throw new Error('--only needs a benchmark name, e.g. --only metrics');
  return value.split(',').filter(Boolean);
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const only = parseOnly(argv);
  const known = BENCHMARKS.map((b) => b.name);
  const unknown = (only ?? []).filter((n) => !known.includes(n));
  if (unknown.length) {
    console.error(`bench: unknown benchmark ${unknown.join(', ')}; known: ${known.join(', ')}`);
    return 2;
  }
  const selected = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  const command = `npm run bench${only ? ` -- --only ${only.join(',')}` : ''}`;
  const blocks = new Map<string, string>();
  const all: BenchResult[] = [];
  let failed = 0;
  for (const b of selected) {
    let fn: BenchFn;
    try {
      fn = await b.load();
    } catch (e) {
      if (isMissing(e, b.file)) {
        console.error(`bench: skipping ${b.name}: bench/${b.file.replace(/^\.\//, '')} does not exist yet`);
        continue;
      }
      throw e;
    }
    console.error(`bench: running ${b.name} …`);
    try {
      const out = await fn();
      const results = Array.isArray(out) ? out : [out];
      all.push(...results);
      blocks.set(b.name, renderBlock(b.name, results, machineFacts(), command));
    } catch (e) {
      failed++;
      console.error(`bench: ${b.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (all.length) console.log(consoleTable(all));
  if (blocks.size) {
    const doc = await readFile(DOC, 'utf8').catch(() => '# Benchmarks\n');
    await writeFile(DOC, updateResults(doc, blocks, known));
    console.error(`bench: updated ${DOC}`);
  }
  return failed ? 1 : 0;
}

// Run only as a script, so tests can import BENCHMARKS/parseOnly.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
