// What a fit will do before it runs: the slab plans of both modes, the step counts, the time and memory.
import { inputFeatures, K_BLOCK, paramLayout, stepFlops, type SirenSpec } from './sirenSpec.ts';
import { CN_DEFAULTS, type CnOptions } from './options.ts';

export interface Plan {
  /** rows the network owns and its coordinates span */
  slab: [number, number];
  /** rows whose voxels this network writes */
  writes: [number, number];
  /** which earlier plan's network it starts from (-1: random) */
  from: number;
  steps: number;
  lr: number;
  /** paper: trained and then thrown away (WUCON discards its first middle-slab fit) */
  discard?: boolean;
}

/**
 * WUCON's slab order (recon_volume.py): 2-row slabs starting at mid ± 2k. A row left alone at either edge
 * (odd sizes, or an odd middle) joins its neighbour's slab, which then has 3 rows: a projector needs 2.
 */
export function paperPlan(ny: number, iterations: number, neighbour: number, lr: number): Plan[] {
  const R = 2;
  if (ny <= R + 1) return [{ slab: [0, ny], writes: [0, ny], from: -1, steps: iterations, lr }];
  const mid = Math.floor(ny / 2);
  const slabOf = (y: number): [number, number] | null => {
    if (y < 0 || y >= ny) return null;
    const lo = y === 1 ? 0 : y; // row 0 alone below: joins this slab
    const hi = ny - (y + R) === 1 ? ny : Math.min(ny, y + R); // row ny−1 alone above: joins too
    return hi - lo >= R ? [lo, hi] : null; // a 1-row top remnant was absorbed by the slab below it
  };
  const low = lr / 10;
  const mk = (slab: [number, number], from: number, steps: number, l: number, discard = false): Plan => ({
    slab,
    writes: slab,
    from,
    steps,
    lr: l,
    ...(discard ? { discard } : {}),
  });
  const plans: Plan[] = [mk(slabOf(mid)!, -1, iterations, lr, true)];
  const under = slabOf(mid - R);
  if (under) plans.push(mk(under, 0, neighbour, low));
  const below = plans.length - 1;
  plans.push(mk(slabOf(mid)!, below, neighbour, low));
  for (let y = mid + R; y < ny; y += R) {
    const s = slabOf(y);
    if (s) plans.push(mk(s, plans.length - 1, neighbour, low));
  }
  let prev = below;
  for (let y = mid - 2 * R; y >= 0; y -= R) {
    const s = slabOf(y);
    if (!s) continue;
    plans.push(mk(s, prev, neighbour, low));
    prev = plans.length - 1;
  }
  return plans;
}

/** Ours: slabs of `slabRows` from the middle outwards, each warm-started from its inner neighbour. */
export function fastPlan(
  ny: number,
  slabRows: number,
  iterations: number,
  neighbour: number,
  lr: number,
): Plan[] {
  const n = Math.max(1, Math.floor(ny / Math.max(2, slabRows))); // slabs of ≥ 2 rows
  const edges = Array.from({ length: n + 1 }, (_, i) => Math.round((i * ny) / n));
  const mid = Math.floor(n / 2);
  const order = [mid];
  for (let d = 1; order.length < n; d++) {
    if (mid + d < n) order.push(mid + d);
    if (mid - d >= 0) order.push(mid - d);
  }
  const index = new Map<number, number>();
  return order.map((s, i) => {
    index.set(s, i);
    const inner = s > mid ? s - 1 : s + 1;
    const from = i === 0 ? -1 : (index.get(inner) ?? 0);
    const span: [number, number] = [edges[s], edges[s + 1]];
    return { slab: span, writes: span, from, steps: i === 0 ? iterations : neighbour, lr };
  });
}

/** Training steps of a whole fit, for progress bars and time estimates. */
export function cnTotalSteps(opts: CnOptions, dims: { nx: number; ny: number; nz: number }): number {
  return plansFor(opts, dims, 1).reduce((s, p) => s + p.steps, 0);
}

/** The networks a fit trains, in order, for its mode, steps and start learning rate `lr`. */
export function plansFor(opts: CnOptions, dims: { nx: number; ny: number; nz: number }, lr: number): Plan[] {
  const { iterations, neighbour } = stepsOf(opts, dims);
  return opts.mode === 'paper'
    ? paperPlan(dims.ny, iterations, neighbour, lr)
    : fastPlan(dims.ny, slabRowsFor(opts, dims), iterations, neighbour, lr);
}

/** The network a fit trains (its mode's defaults filled in) and the rows of each training block. */
export function networkAndBlock(
  opts: CnOptions,
  dims: { nx: number; ny: number; nz: number },
): { spec: SirenSpec; rows: number } {
  const d = CN_DEFAULTS[opts.mode ?? 'fast'];
  const spec: SirenSpec = {
    width: opts.width ?? d.width,
    depth: opts.depth ?? d.depth,
    omega0: opts.omega0 ?? d.omega0,
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
  };
  return { spec, rows: opts.mode === 'paper' ? 2 : blockRows(opts, dims) };
}

/**
 * Expected seconds of a fit on this machine class: every step's network FLOPs at the kernels' measured
 * 26–37 GFLOP/s on one CPU thread, ~1.8× that on two (docs/benchmarks.md; a block's projections are ~1%).
 */
export function cnExpectedSeconds(
  opts: CnOptions,
  dims: { nx: number; ny: number; nz: number },
  threads = opts.threads ?? 1,
): number {
  const { spec, rows } = networkAndBlock(opts, dims);
  const rate = 30e9 * (threads > 1 ? 0.9 * threads : 1);
  return (cnTotalSteps(opts, dims) * stepFlops(spec, dims.nx * rows * dims.nz)) / rate;
}

/**
 * Bytes the fit holds besides the volume and the views: the network's activations and gradient buffers for
 * one block of points (src/recon/cn/sirenNet.ts allocate()), its parameters and Adam moments, and the
 * block's points, volume and projections.
 */
export function cnMemoryBytes(
  opts: CnOptions,
  dims: { nx: number; ny: number; nz: number },
  nviews: number,
): number {
  const { spec, rows } = networkAndBlock(opts, dims);
  const M = dims.nx * rows * dims.nz;
  const W = spec.width;
  const activations = M * (2 * (spec.depth + 1) * W + 2 * W + inputFeatures(spec).padded + 2);
  // parameters, gradients, Adam's moments (+1 spare), Wᵀ, a block of dZ as panels, the sine's constants
  const params = 6 * paramLayout(spec).size + W * W + K_BLOCK * W + 64;
  const block = M * 6 + 3 * dims.nx * rows * nviews;
  return 4 * (activations + params + block);
}

export function blockRows(opts: CnOptions, d: { nx: number; ny: number; nz: number }): number {
  return Math.min(slabRowsFor(opts, d), opts.batchRows ?? rowsFor(d.nx, d.nz, 8192, d.ny));
}

/** Fast mode's rows per network: 32, fewer when 32 rows exceed ~2 M voxels (the network's capacity). */
function slabRowsFor(opts: CnOptions, d: { nx: number; ny: number; nz: number }): number {
  return Math.min(d.ny, opts.slabRows ?? Math.max(2, Math.min(32, Math.floor(2 ** 21 / (d.nx * d.nz)))));
}

/**
 * Fast mode's default steps: 750 passes over the first network's rows and 375 for each warm-started one, in
 * blocks of blockRows (2000–10000 steps). Measured on shapes 64×16×64 at ±60°/2°, one 16-row network: 2000
 * steps (250 passes) 24.5 dB, below WBP's 25.7; 6000 steps (750 passes) 30.4 dB (docs/benchmarks.md).
 */
export function fastStepDefaults(
  opts: CnOptions,
  dims: { nx: number; ny: number; nz: number },
): { iterations: number; neighbourIterations: number } {
  const perPass = slabRowsFor(opts, dims) / blockRows(opts, dims);
  const clamp = (n: number) => Math.max(2000, Math.min(10000, Math.round(n)));
  return {
    iterations: clamp(750 * perPass),
    neighbourIterations: Math.min(10000, Math.max(400, Math.round(375 * perPass))),
  };
}

/** The steps a fit runs: the options', else the mode's defaults (fast: from the slab and block sizes). */
function stepsOf(
  opts: CnOptions,
  dims: { nx: number; ny: number; nz: number },
): { iterations: number; neighbour: number } {
  const d = CN_DEFAULTS[opts.mode ?? 'fast'];
  const auto = (opts.mode ?? 'fast') === 'fast' ? fastStepDefaults(opts, dims) : d;
  return {
    iterations: opts.iterations ?? auto.iterations,
    neighbour: opts.neighbourIterations ?? auto.neighbourIterations,
  };
}

/** Rows per block so a training block holds about `points` voxels (at least 2, a projector's minimum). */
function rowsFor(nx: number, nz: number, points: number, limit: number): number {
  return Math.min(limit, Math.max(2, Math.round(points / (nx * nz))));
}
