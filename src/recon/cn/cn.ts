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
import { upsampledPoints, type GridSpan } from './grid.ts';
import type { BlockProjectorFactory, CnOptions, CnResult, SavedNetwork } from './options.ts';
import { CN_DEFAULTS } from './options.ts';
import { blockRows, networkAndBlock, plansFor, type Plan } from './plan.ts';
import { halfLogSchedule } from './schedule.ts';
import { SirenNet } from './sirenNet.ts';
import { initialParams } from './sirenSpec.ts';
import { BlockTrainer, evaluateBlock, type Measured } from './trainer.ts';
import { ThreadedSiren, type TrainableNet } from './threadedSiren.ts';

export * from './options.ts';
export {
  cnExpectedSeconds,
  cnMemoryBytes,
  cnTotalSteps,
  fastPlan,
  fastStepDefaults,
  paperPlan,
} from './plan.ts';

function dataScale(b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    const a = Math.abs(b[i]);
    if (a > s) s = a;
  }
  return s > 0 ? s : 1;
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
  const lr = opts.learningRate ?? CN_DEFAULTS[mode].learningRate;
  const seed = opts.seed ?? 0;
  const scale = dataScale(data);
  const measured: Measured = { data: data.map((v) => v / scale), nu, nv: ny, nviews };

  let plans = plansFor({ ...opts, mode }, dims, lr);
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

/** What a long evaluation reports and checks between planes. */
export interface EvaluateHooks {
  clip?: boolean;
  signal?: { readonly aborted: boolean };
  /** the fraction of points evaluated */
  onProgress?: (fraction: number) => void;
}

/**
 * The fitted networks evaluated `factor`× finer along each axis (the representation is continuous), in data
 * units: (factor·nx) × (factor·ny) × (factor·nz). It yields to the event loop after every plane (a 2× export
 * of a large volume takes minutes), so a cancel message is heard; a raised signal stops it with 'cancelled'.
 */
export async function evaluateNetworks(
  networks: SavedNetwork[],
  dims: { nx: number; ny: number; nz: number },
  scale: number,
  factor: number,
  hooks: EvaluateHooks = {},
): Promise<Float32Array> {
  const { nx, ny, nz } = dims;
  const clip = hooks.clip ?? true;
  const fx = nx * factor;
  const fy = ny * factor;
  const out = new Float32Array(fx * fy * nz * factor);
  const planes = networks.length * nz * factor;
  let done = 0;
  for (const n of networks) {
    const net = new SirenNet(n.spec, n.params, 8192);
    const rows = (n.y1 - n.y0) * factor;
    for (let z = 0; z < nz * factor; z++) {
      if (hooks.signal?.aborted) throw new WedgeLabError('cancelled', 'evaluating the network: cancelled');
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
      hooks.onProgress?.(++done / planes);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
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
