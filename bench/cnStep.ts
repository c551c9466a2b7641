// The coordinate network's training step (issue 9 §3), `npm run bench -- --only cn-step,cn-browser`: WUCON's
// 4 × 256 SIREN on 8,192 points (forward + backward + AdamW amsgrad), our WASM SIMD kernels on 1 and 2 threads
// against PyTorch from apt (bench/torch_siren.py) in the same run, and the same kernels in headless Chromium.
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initialParams, stepFlops } from '../src/recon/cn/sirenSpec.ts';
import { ThreadedSiren } from '../src/recon/cn/threadedSiren.ts';
import type { BenchResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const PY = '/usr/bin/python3';
const command = (part: string) => `npm run bench -- --only cn-${part}`;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const load = () => loadavg()[0].toFixed(2);

// ---- 1. the training step ----

async function oursStep(threads: number, M: number, W: number, D: number, steps: number): Promise<number> {
  const spec = { width: W, depth: D, omega0: 30 };
  const net = await ThreadedSiren.create(spec, initialParams(spec, 1), M, threads);
  const pts = Float32Array.from({ length: 3 * M }, (_, i) => (i * 0.618034) % 1);
  const g = new Float32Array(M).fill(1 / M);
  const times: number[] = [];
  try {
    for (let i = 0; i < steps + 2; i++) {
      const t0 = performance.now();
      await net.forward(pts);
      await net.backward(g);
      net.adam(1e-4);
      if (i >= 2) times.push((performance.now() - t0) / 1000);
    }
  } finally {
    net.dispose?.();
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}

function torchStep(
  threads: number,
  M: number,
  W: number,
  D: number,
  steps: number,
): { seconds: number; torch: string } | string {
  try {
    const out = execFileSync(
      PY,
      [resolve(here, 'torch_siren.py'), ...[threads, M, W, D, steps].map(String)],
      {
        env: {
          ...process.env,
          OPENBLAS_NUM_THREADS: String(threads),
          OMP_NUM_THREADS: String(threads),
          OMP_WAIT_POLICY: 'PASSIVE',
        },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    return JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; torch: string };
  } catch (e) {
    return `PyTorch unavailable (${(e as Error).message.split('\n')[0]}); apt-get install python3-torch`;
  }
}

async function stepRows(): Promise<BenchResult[]> {
  const M = 8192;
  const W = 256;
  const D = 4;
  const flops = stepFlops({ width: W, depth: D, omega0: 30 }, M);
  const rows: BenchResult[] = [];
  for (const threads of [1, 2]) {
    const ours = await oursStep(threads, M, W, D, 10);
    const peer = torchStep(threads, M, W, D, 10);
    const ratio = typeof peer === 'string' ? null : peer.seconds / ours;
    rows.push({
      name: `cn training step, ${D}×${W} SIREN on ${M} points, ${threads} thread${threads > 1 ? 's' : ''}: ours vs PyTorch`,
      command: command('step'),
      seconds: ours,
      details: {
        ours_GFLOPs: r2(flops / ours / 1e9),
        ...(typeof peer === 'string'
          ? { peer }
          : {
              torch_s: r3(peer.seconds),
              torch_GFLOPs: r2(flops / peer.seconds / 1e9),
              of_torch: r2(ratio!),
              peer: `torch ${peer.torch}`,
            }),
        load: load(),
      },
      target: '≥ 50% of PyTorch on the same cores',
      met: ratio === null ? undefined : ratio >= 0.5,
    });
  }
  return rows;
}

// ---- 1b. the training step in headless Chromium (the page's engine) ----

async function browserStepRows(): Promise<BenchResult[]> {
  const { openCnHarness } = await import('../src/recon/cn/browser/harnessClient.ts');
  const M = 8192;
  const spec = { width: 256, depth: 4, omega0: 30 };
  const points = Array.from({ length: 3 * M }, (_, i) => (i * 0.618034) % 1);
  const grad = Array.from({ length: M }, () => 1 / M);
  const h = await openCnHarness();
  const rows: BenchResult[] = [];
  try {
    for (const threads of [1, 2]) {
      const r = await h.run({ spec, seed: 1, points, grad, threads, timedSteps: 10 });
      rows.push({
        name: `cn training step in headless Chromium, 4×256 SIREN on ${M} points, ${threads} thread${threads > 1 ? 's (Web Workers)' : ''}`,
        command: command('browser'),
        seconds: r.secondsPerStep!,
        details: {
          GFLOPs: r2(r.gflops!),
          crossOriginIsolated: String(r.crossOriginIsolated),
          note: 'our WASM SIMD kernels; shares are cloned to the workers, so isolation is not needed',
          load: load(),
        },
      });
    }
  } finally {
    await h.close();
  }
  return rows;
}

// one registered benchmark per part (bench/run.ts), so each keeps its own block in docs/benchmarks.md

export const benchCnStep = stepRows;
export const benchCnBrowser = browserStepRows;
