// runRecipe: load → (plan) → reconstruct, whole or in slabs → score (half sets) → export, the same in the page
// and the CLI. Hosts supply files, the device, the budget and progress (host.ts); they never re-orchestrate.
import type { Volume } from '../../core/types.ts';
import { slabRefusal, type ReconstructResult, type VolumeSlab } from '../../recon/algorithms/index.ts';
import { jobDims, type JobSize } from '../plan/memory.ts';
import { jobSizeOf, planJob, type JobPlan } from '../plan/plan.ts';
import { recipeHash, resolveRecipe, type Recipe } from '../recipe/index.ts';
import { exportVolume, recipePathFor, type Provenance } from '../steps/exportVolume.ts';
import { runHalfSets, type HalfSetRun } from '../steps/halfSet.ts';
import { alignedSeriesGeometry, readAndAlign } from '../steps/align.ts';
import { loadSeries, type LoadedSeries } from '../steps/load.ts';
import type { AlignResult } from '../../align/index.ts';
import { WedgeLabError } from '../../core/errors.ts';
import { checkUpsample, networkFileOf, saveNetworks, upsampledVolume } from '../steps/cnNetworks.ts';
import { cnExpectedSeconds, fastStepDefaults } from '../../recon/cn/cn.ts';
import { reconParams } from '../steps/params.ts';
import { readWholeStack, reconstructWhole } from '../steps/reconstructWhole.ts';
import { reconstructSlabs, type SlabAt } from '../steps/reconstructSlabs.ts';
import { chooseDevice, type PipelineDevice } from './device.ts';
import type { Host } from './host.ts';

export interface RunOptions {
  /** false: only the half sets (wedgelab halfset); default true */
  reconstruct?: boolean;
  /** where slab mode writes when the recipe exports nothing (the page: a file in browser storage) */
  slabVolume?: string;
  /** slab mode: each slab as written (the page builds its orthoslices from them) */
  onSlab?: (slab: VolumeSlab, at: SlabAt) => void;
}

export interface RunResult {
  /** the recipe as run: method defaults filled in */
  recipe: Recipe;
  recipeHash: string;
  series: Omit<LoadedSeries, 'file' | 'geometry'>;
  device: Omit<PipelineDevice, 'createProjector' | 'fallback' | 'release'>;
  plan: JobPlan;
  seconds: number;
  voxelUpdates: number;
  residuals: number[];
  iterations: number;
  keptViews: number;
  prealigned: boolean;
  deviceFallback?: string;
  dims: { nx: number; ny: number; nz: number };
  /** 0 = unknown */
  voxelSizeA: number;
  /** whole mode: the tomogram in memory */
  volume?: Volume;
  out?: { volume: string; recipe: string; bytes: number };
  slabs?: { count: number; rows: number };
  halfSet?: HalfSetRun;
  /** method cn: the loss per training step, the steps, and the network file written (bytes, 0 if none) */
  cn?: {
    lossCurve: number[];
    steps: number;
    secondsPerIteration: number;
    networks: number;
    networkBytes: number;
    /** the trained networks as a .wlcn file (written only with export.network) */
    file: Uint8Array;
  };
  /** with recipe.align: what the align step found, and the .xf/.tlt it wrote */
  alignment?: AlignResult & { files: string[]; seconds: number };
}

export interface PreparedRun {
  recipe: Recipe;
  series: LoadedSeries;
  device: PipelineDevice;
  plan: JobPlan;
  size: JobSize;
}

/** Load and plan without reading pixels: what `wedgelab plan` reports and what a run starts with. */
export async function prepareRun(input: Recipe, host: Host, opts: RunOptions = {}): Promise<PreparedRun> {
  const recipe = resolveRecipe(input, (w) => host.warn(w));
  const series = await loadSeries(recipe, host);
  const device = await chooseDevice(host, recipe.device.kind, recipe.device.threads);
  const r = recipe.reconstruct;
  const size = jobSizeOf(recipe, { ...series, excludedViews: series.excluded.length }, device.threads);
  const gb = recipe.device.maxMemoryGB;
  const budget =
    gb !== undefined
      ? { bytes: gb * 1e9, what: 'device.maxMemoryGB (--max-memory) allows' }
      : host.memoryBudget();
  const refusal =
    opts.reconstruct === false ? 'half sets are reconstructed whole' : slabRefusal(r.method, series.geometry);
  const plan = planJob(size, budget, refusal);
  checkUpsample(jobDims(size).volume, recipe.export.upsample, budget);
  return { recipe, series, device, plan, size };
}

/** The align step, when the recipe has one: the series comes back with the aligned geometry. */
async function alignIfAsked(
  recipe: Recipe,
  s: LoadedSeries,
  host: Host,
): Promise<{ s: LoadedSeries; data?: Float32Array; alignment?: RunResult['alignment'] }> {
  if (recipe.align.method === 'none') return { s };
  const { data, alignment: a, files, seconds } = await readAndAlign(recipe, s, host, { from: 0, to: 0.3 });
  const excluded = [...new Set([...s.excluded, ...a.excludedViews])].sort((p, q) => p - q);
  return {
    s: { ...s, geometry: alignedSeriesGeometry(s.geometry, a), excluded },
    data,
    alignment: { ...a, files, seconds },
  };
}

/** The host with the rest of the run's progress mapped after the align step's share. */
function after(host: Host, from: number): Host {
  if (from === 0) return host;
  const h = Object.create(host) as Host;
  h.progress = (p) => host.progress?.({ ...p, fraction: from + (1 - from) * p.fraction });
  return h;
}

export async function runRecipe(input: Recipe, outer: Host, opts: RunOptions = {}): Promise<RunResult> {
  const prep = await prepareRun(input, outer, opts);
  const { device, plan } = prep;
  const s0 = prep.series;
  const limit = prep.recipe.device.maxMinutes;
  if (limit !== undefined && opts.reconstruct !== false) {
    const est = expectedSeconds(prep);
    if (est > 60 * limit) {
      await device.release();
      throw new WedgeLabError(
        'too-large',
        `${prep.recipe.reconstruct.method}: estimated ${fmtMinutes(est)} on ${device.name} exceeds device.maxMinutes (--max-minutes ${limit}); lower the iterations, the network size or the volume (--bin), or raise the limit`,
      );
    }
  }
  // the recipe as run remembers the stack it was made for: a replay on another stack is refused
  const recipe: Recipe = {
    ...prep.recipe,
    input: { ...prep.recipe.input, expect: { nx: s0.nu, ny: s0.nv, nviews: s0.nviews } },
    reconstruct: { ...prep.recipe.reconstruct, thicknessPx: s0.thicknessPx, ...cnSteps(prep) },
  };
  try {
    const aligned = await alignIfAsked(recipe, s0, outer);
    const s = aligned.s;
    const host = after(outer, aligned.alignment ? 0.3 : 0);
    const hash = await recipeHash(recipe);
    const provenance: Provenance = { version: host.version, recipeHash: hash };
    const { file: _f, geometry: _g, ...seriesInfo } = s;
    const base = {
      recipe,
      recipeHash: hash,
      series: seriesInfo,
      device: { kind: device.kind, name: device.name, threads: device.threads, reason: device.reason },
      plan,
      ...(aligned.alignment ? { alignment: aligned.alignment } : {}),
    };
    if (plan.mode === 'slabs') {
      const path = recipe.export.volume ?? opts.slabVolume;
      const target = path ? { ...recipe, export: { ...recipe.export, volume: path } } : recipe;
      const r = await reconstructSlabs(target, s, device, host, plan.slabRows, provenance, opts.onSlab);
      return {
        ...base,
        ...facts(r),
        prealigned: true,
        dims: r.volumeDims,
        voxelSizeA: r.voxelSizeA,
        out: { volume: path!, recipe: recipePathFor(path!), bytes: r.fileBytes },
        slabs: { count: r.slabs, rows: r.slabRows },
      };
    }
    const doRecon = opts.reconstruct !== false;
    const data = aligned.data ?? (await readWholeStack(s, host, { from: 0, to: 0.05 }));
    const halfTo = doRecon ? 0.97 : 0.99;
    const halfFrom = doRecon ? 0.5 : 0.05;
    const halfSet = recipe.score.halfSet
      ? await runHalfSets(recipe, s, data, device, host, { from: halfFrom, to: halfTo })
      : undefined;
    if (!doRecon) {
      const v = halfSet!.half1;
      return {
        ...base,
        seconds: halfSet!.seconds,
        voxelUpdates: 0,
        residuals: [],
        iterations: 0,
        keptViews: halfSet!.half1Views.length + halfSet!.half2Views.length,
        prealigned: false,
        dims: { nx: v.nx, ny: v.ny, nz: v.nz },
        voxelSizeA: v.voxelSizeA[0],
        halfSet,
      };
    }
    const r = await reconstructWhole(recipe, s, data, device, host, {
      from: 0.05,
      to: recipe.score.halfSet ? 0.5 : 0.97,
    });
    const v = await upsampledVolume(recipe, r, {
      signal: host.signal,
      onProgress: (f) =>
        host.progress?.({
          fraction: 0.97,
          stage: `evaluating the network ${recipe.export.upsample}× finer (${Math.round(100 * f)}%)`,
        }),
    });
    const networkFile = networkFileOf(recipe, r);
    const networkBytes = await saveNetworks(recipe, host, networkFile);
    let out: RunResult['out'];
    if (recipe.export.volume) {
      host.progress?.({ fraction: 0.97, stage: 'writing' });
      const bytes = await exportVolume(host, recipe.export.volume, v, recipe, provenance);
      out = { volume: recipe.export.volume, recipe: recipePathFor(recipe.export.volume), bytes };
    }
    return {
      ...base,
      ...facts(r),
      prealigned: r.prealigned,
      dims: { nx: v.nx, ny: v.ny, nz: v.nz },
      voxelSizeA: v.voxelSizeA[0],
      volume: v,
      out,
      halfSet,
      ...(r.cn
        ? {
            cn: {
              lossCurve: r.cn.lossCurve,
              steps: r.cn.steps,
              secondsPerIteration: r.cn.steps ? r.cn.seconds / r.cn.steps : 0,
              networks: r.cn.networks.length,
              networkBytes,
              file: networkFile!,
            },
          }
        : {}),
    };
  } finally {
    await device.release();
  }
}

/** What a reconstruction reports, whole or in slabs. */
function facts(r: Omit<ReconstructResult, 'volume'>) {
  return {
    seconds: r.seconds,
    voxelUpdates: r.voxelUpdates,
    residuals: r.residuals,
    iterations: r.iterations,
    keptViews: r.keptViews.length,
    deviceFallback: r.deviceFallback,
  };
}

/** cn fast mode's steps, which depend on the volume's size: written into the recipe as run. */
function cnSteps(prep: PreparedRun): Partial<Recipe['reconstruct']> {
  const r = prep.recipe.reconstruct;
  if (r.method !== 'cn' || (r.iterations !== undefined && r.neighbourIterations !== undefined)) return {};
  const cn = reconParams(prep.recipe, prep.series).cn!;
  const { iterations, neighbourIterations } = fastStepDefaults(cn, jobDims(prep.size).volume);
  return {
    iterations: r.iterations ?? iterations,
    neighbourIterations: r.neighbourIterations ?? neighbourIterations,
  };
}

function fmtMinutes(s: number): string {
  return s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(s < 600 ? 1 : 0)} min`;
}

/** Expected compute seconds (a scheduler's estimate, not a promise): voxel updates at a measured rate. */
export function expectedSeconds(prep: PreparedRun): number {
  const { volume } = jobDims(prep.size);
  const r = prep.recipe.reconstruct;
  if (r.method === 'cn')
    return cnExpectedSeconds(reconParams(prep.recipe, prep.series).cn!, volume, prep.device.threads ?? 1);
  const views = prep.size.keptViews;
  const passes = r.method === 'wbp' ? 1 : 3 * (r.iterations ?? 1);
  const updates = volume.nx * volume.ny * volume.nz * views * passes * (prep.size.halfSet ? 2 : 1);
  // measured here: ≈ 0.2 G voxel-updates/s per CPU thread (docs/benchmarks.md); a hardware GPU ≥ 5
  const rate = prep.device.kind === 'gpu' ? 5e9 : 0.2e9 * (prep.device.threads ?? 1);
  return updates / rate;
}
