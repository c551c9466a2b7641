/**
 * Coordinate-network reconstruction: a SIREN per block of rows, fitted so its projections match the views.
 *
 * paper — WUCON's scheme (Van Veen, Galaz-Montoya et al. 2024; davevanveen/unsup_cryoet), as its code runs:
 *   one network per slab of 2 rows (y = tilt axis), coordinates linspace(0, 1) over the slab; the middle
 *   slab trains `iterations` steps (2001) from random initialisation at lr → lr/10 (1e-3 → 1e-4, log decay
 *   over the second half); then slab mid−2 is trained from it, the middle slab is retrained from that one,
 *   and the others walk outwards, each `neighbourIterations` steps (401) from its neighbour's weights at
 *   lr/10 → lr/100, with a fresh optimiser per slab. Output clipped to [0, 1] (in normalised units).
 * fast — ours: one network for a tall slab (the whole volume when it fits), trained on random blocks of
 *   `batchRows` rows with coordinates over the whole slab, so every step teaches every row's neighbours;
 *   neighbouring slabs warm-start from each other. The measured ablation is in docs/benchmarks.md.
 *
 * Views are normalised by their largest |value| (s); the network fits b/s and the volume is returned in
 * data units (× s), so it compares with WBP/SIRT directly.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { Rng } from '../../core/phantoms/index.ts';
import type { ReconHooks } from '../algorithms/hooks.ts';
import type { Projector } from '../projector.ts';
import { upsampledPoints, type GridSpan } from './grid.ts';
import { halfLogSchedule } from './schedule.ts';
import {
  initialParams,
  inputFeatures,
  paramLayout,
  SirenNet,
  stepFlops,
  type SirenSpec,
} from './sirenNet.ts';
import { BlockTrainer, evaluateBlock, type Measured } from './trainer.ts';
import { ThreadedSiren, type TrainableNet } from './threadedSiren.ts';

export type CnMode = 'fast' | 'paper';

export interface CnOptions extends ReconHooks {
  mode?: CnMode;
  width?: number;
  depth?: number;
  omega0?: number;
  /** positional encoding frequencies (0: off, as WUCON with sines) */
  encoding?: number;
  /** steps of the first network (paper: the middle slab, 2001; fast: each slab) */
  iterations?: number;
  /** paper: steps of every warm-started slab (401) */
  neighbourIterations?: number;
  /** start learning rate (paper 1e-3; fast 1e-4) */
  learningRate?: number;
  /** WUCON's smoothness ("tv") weight, 0 for simulated data */
  tvWeight?: number;
  seed?: number;
  /** fast: rows per training block (default: enough for ~8k points) */
  batchRows?: number;
  /** fast: rows per network (default: the whole volume up to ~2M voxels) */
  slabRows?: number;
  /** clip the normalised output to [0, 1] as WUCON does (default true) */
  clip?: boolean;
  /** start every slab from these networks (one per slab of the plan, e.g. a saved fit) instead of random
   * ones, at a tenth of the learning rate */
  initialNetworks?: SavedNetwork[];
  /** called every `lossEvery` steps (default 10) with the step count so far and the latest loss */
  onLoss?: (step: number, loss: number) => void;
  lossEvery?: number;
  /** CPU threads the network's batches are split across (default 1) */
  threads?: number;
}

/** A trained network: what --save-network writes (one per slab). */
export interface SavedNetwork {
  spec: SirenSpec;
  /** rows [y0, y1) of the volume it covers, and its coordinates' span */
  y0: number;
  y1: number;
  params: Float32Array;
}

export interface CnResult {
  volume: Float32Array;
  /** loss per step, all networks in training order */
  lossCurve: number[];
  steps: number;
  networks: SavedNetwork[];
  /** the data scale s the network fitted b/s against */
  scale: number;
  /** set when a non-finite loss stopped the fit: one line; the volume and networks are the last good state */
  diverged?: string;
  seconds: number;
}

/** A projector for blocks of `rows` rows of the volume (same geometry, nx × rows × nz). */
export type BlockProjectorFactory = (rows: number) => Promise<Projector>;

export const CN_DEFAULTS = {
  paper: { width: 256, depth: 4, omega0: 30, iterations: 2001, neighbourIterations: 401, learningRate: 1e-3 },
  // measured on shepp 48×8×32, ±60°/2°: 128×3 at 1e-3 reached 28.4 dB in 2000 steps (69 s), 256×4 at
  // 1e-4 25.6 dB (339 s), SIRT 24.8. Steps: fastStepDefaults (these are its floor).
  fast: { width: 128, depth: 3, omega0: 30, iterations: 2000, neighbourIterations: 400, learningRate: 1e-3 },
} as const;

interface Plan {
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
  const ny = dims.ny;
  const { iterations: it, neighbour: nb } = stepsOf(opts, dims);
  const plans =
    opts.mode === 'paper' ? paperPlan(ny, it, nb, 1) : fastPlan(ny, slabRowsFor(opts, dims), it, nb, 1);
  return plans.reduce((s, p) => s + p.steps, 0);
}

/** The network a fit trains (its mode's defaults filled in) and the rows of each training block. */
function networkAndBlock(
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
  const params = 6 * paramLayout(spec).size + W * W;
  const block = M * 6 + 3 * dims.nx * rows * nviews;
  return 4 * (activations + params + block);
}

function blockRows(opts: CnOptions, d: { nx: number; ny: number; nz: number }): number {
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

function dataScale(b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    const a = Math.abs(b[i]);
    if (a > s) s = a;
  }
  return s > 0 ? s : 1;
}

/** Rows per block so a training block holds about `points` voxels (at least 2, a projector's minimum). */
function rowsFor(nx: number, nz: number, points: number, limit: number): number {
  return Math.min(limit, Math.max(2, Math.round(points / (nx * nz))));
}

export async function cnReconstruct(
  makeProjector: BlockProjectorFactory,
  data: Float32Array,
  dims: { nx: number; ny: number; nz: number; nu: number; nviews: number },
  opts: CnOptions = {},
): Promise<CnResult> {
  const start = performance.now();
  const mode = opts.mode ?? 'fast';
  const { spec } = networkAndBlock({ ...opts, mode }, dims);
  const { nx, ny, nz, nu, nviews } = dims;
  if (data.length !== nu * ny * nviews)
    throw new WedgeLabError('mismatch', `cn: ${data.length} values for ${nviews} views of ${nu} × ${ny}`);
  const { iterations, neighbour } = stepsOf(opts, { nx, ny, nz });
  const lr = opts.learningRate ?? CN_DEFAULTS[mode].learningRate;
  const seed = opts.seed ?? 0;
  const scale = dataScale(data);
  const measured: Measured = { data: data.map((v) => v / scale), nu, nv: ny, nviews };

  let plans =
    mode === 'paper'
      ? paperPlan(ny, iterations, neighbour, lr)
      : fastPlan(ny, slabRowsFor(opts, dims), iterations, neighbour, lr);
  const loaded = opts.initialNetworks;
  // a loaded network goes on where a fit ends: at a tenth of the rate (a fresh Adam's first steps are ±lr
  // for every weight, which at the start rate throws a converged network back: 19.0 → 16.1 dB in 20 steps)
  if (loaded) plans = plans.filter((p) => !p.discard).map((p) => ({ ...p, lr: p.lr / 10 }));
  const startOf = (p: Plan): Float32Array | undefined => {
    if (!loaded) return undefined;
    const n = loaded.find((m) => m.y0 === p.slab[0] && m.y1 === p.slab[1]);
    if (!n || JSON.stringify(n.spec) !== JSON.stringify(spec))
      throw new WedgeLabError(
        'mismatch',
        `cn: the loaded networks (${loaded.length}, ${loaded[0]?.spec.depth}×${loaded[0]?.spec.width}) do not match this plan's slab of rows ${p.slab[0]}–${p.slab[1]} with a ${spec.depth}×${spec.width} network; use the size, mode and slab rows it was saved with`,
      );
    return n.params;
  };
  const totalSteps = plans.reduce((s, p) => s + p.steps, 0);
  const volume = new Float32Array(nx * ny * nz);
  const lossCurve: number[] = [];
  const networks: SavedNetwork[] = [];
  const trained: Float32Array[] = [];
  const trainers = new Map<number, BlockTrainer>();
  const trainerFor = async (rows: number): Promise<BlockTrainer> => {
    let t = trainers.get(rows);
    if (!t) {
      t = new BlockTrainer(await makeProjector(rows), measured, opts.tvWeight ?? 0);
      trainers.set(rows, t);
    }
    return t;
  };
  const rng = new Rng(seed ^ 0x5eed);
  const lossEvery = opts.lossEvery ?? 10;
  let done = 0;
  let diverged: string | undefined;
  let net: TrainableNet | undefined;
  try {
    for (const [i, plan] of plans.entries()) {
      const [s0, s1] = plan.slab;
      const block = mode === 'paper' ? s1 - s0 : Math.min(Math.max(2, blockRows(opts, dims)), s1 - s0);
      const trainer = await trainerFor(block);
      const params = startOf(plan) ?? (plan.from < 0 ? initialParams(spec, seed) : trained[plan.from]);
      if (!net) net = await ThreadedSiren.create(spec, params, nx * block * nz, opts.threads ?? 1);
      else net.setParams(params);
      net.resetOptimizer();
      const lrAt = halfLogSchedule(plan.lr, plan.lr / 10, plan.steps);
      let good = net.params();
      let goodStep = done;
      for (let t = 0; t < plan.steps; t++) {
        if (opts.signal?.aborted) throw new WedgeLabError('cancelled', 'cn: cancelled');
        const y0 = mode === 'paper' ? s0 : s0 + rng.int(0, s1 - s0 - block);
        const span: GridSpan = { nx, nz, y0, y1: y0 + block, from: s0, to: s1 };
        const { loss } = await trainer.step(net, span, lrAt(t), opts.signal);
        if (!Number.isFinite(loss)) {
          // keep the last good state: this slab from its last finite parameters, and stop
          net.setParams(good);
          diverged = `cn: the fit diverged (loss ${loss}) at step ${done + 1}, slab rows ${s0}–${s1}; kept the network of step ${goodStep} and stopped. Lower the learning rate (--cn-lr, now ${plan.lr}) and continue with --load-network`;
          break;
        }
        if (t % 50 === 0) {
          good = net.params();
          goodStep = done + 1;
        }
        lossCurve.push(loss);
        done++;
        if (done % lossEvery === 0) opts.onLoss?.(done, loss);
        opts.onProgress?.({
          fraction: done / totalSteps,
          stage: `cn slab ${i + 1}/${plans.length}`,
          iteration: done,
          residual: loss,
        });
        if (opts.previewEvery && opts.onPreview && done % opts.previewEvery === 0 && !plan.discard) {
          await writeRows(net, plan, { nx, ny, nz }, nx * block * nz, volume, opts.clip ?? true);
          opts.onPreview(scaled(volume, scale), done);
        }
      }
      const p = net.params();
      trained.push(p);
      if (plan.discard) {
        if (diverged) break;
        continue;
      }
      networks.push({ spec, y0: s0, y1: s1, params: p });
      await writeRows(net, plan, { nx, ny, nz }, nx * block * nz, volume, opts.clip ?? true);
      if (diverged) break;
    }
  } finally {
    for (const t of trainers.values()) t.projector.dispose();
    net?.dispose?.();
  }
  for (let i = 0; i < volume.length; i++) volume[i] *= scale;
  return {
    volume,
    lossCurve,
    steps: done,
    networks,
    scale,
    seconds: (performance.now() - start) / 1000,
    ...(diverged ? { diverged } : {}),
  };
}

/**
 * The fitted networks evaluated `factor`× finer along each axis (the representation is continuous), in data
 * units: (factor·nx) × (factor·ny) × (factor·nz).
 */
export function evaluateNetworks(
  networks: SavedNetwork[],
  dims: { nx: number; ny: number; nz: number },
  scale: number,
  factor: number,
  clip = true,
): Float32Array {
  const { nx, ny, nz } = dims;
  const fx = nx * factor;
  const fy = ny * factor;
  const out = new Float32Array(fx * fy * nz * factor);
  for (const n of networks) {
    const net = new SirenNet(n.spec, n.params, 8192);
    const rows = (n.y1 - n.y0) * factor;
    for (let z = 0; z < nz * factor; z++) {
      const pts = upsampledPoints({ nx, nz, y0: n.y0, y1: n.y1, from: n.y0, to: n.y1 }, factor, nz, z);
      const m = pts.length / 3;
      const vals = new Float32Array(m);
      for (let i = 0; i < m; i += 8192)
        vals.set(net.forward(pts.subarray(3 * i, 3 * Math.min(m, i + 8192))), i);
      for (let y = 0; y < rows; y++) {
        const dst = fx * (n.y0 * factor + y + fy * z);
        for (let x = 0; x < fx; x++) {
          const v = vals[x + fx * y];
          out[dst + x] = scale * (clip ? Math.min(1, Math.max(0, v)) : v);
        }
      }
    }
  }
  return out;
}

function scaled(v: Float32Array, s: number): Float32Array {
  return v.map((x) => x * s);
}

/** The network's rows, evaluated on the voxel grid and written into the volume (x, y, z order). */
async function writeRows(
  net: TrainableNet,
  plan: Plan,
  dims: { nx: number; ny: number; nz: number },
  batch: number,
  volume: Float32Array,
  clip: boolean,
): Promise<void> {
  const { nx, ny, nz } = dims;
  const [w0, w1] = plan.writes;
  const rows = w1 - w0;
  const block = new Float32Array(nx * rows * nz);
  await evaluateBlock(net, { nx, nz, y0: w0, y1: w1, from: plan.slab[0], to: plan.slab[1] }, batch, block);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < rows; y++) {
      const src = block.subarray(nx * (y + rows * z), nx * (y + 1 + rows * z));
      const dst = nx * (w0 + y + ny * z);
      for (let x = 0; x < nx; x++) volume[dst + x] = clip ? Math.min(1, Math.max(0, src[x])) : src[x];
    }
}
