/**
 * Teaching mode's reconstructions of one series: the sections first where they are exact from two detector
 * rows (teachSections.ts: milliseconds, so a slider step is drawn at once), then the whole volume for the FSC.
 * On the CPU, WBP's volume goes in chunks of rows (each row of a single-axis series is its own problem), so a
 * newer slider value stops it within a chunk rather than after the whole volume. CN (on request) fits the
 * whole volume with its fast mode and shows a picture of the fit as it goes.
 */
import { geometryFromTilts } from '../core/geometry/index.ts';
import type { Volume } from '../core/types.ts';
import type { PipelineDevice } from '../pipeline/index.ts';
import { reconstruct } from '../recon/algorithms/index.ts';
import { cnTotalSteps } from '../recon/cn/plan.ts';
import {
  TEACH_CN,
  TEACH_CN_PICTURES,
  TEACH_ITERATIONS,
  TEACH_TV_POWER_ITERATIONS,
} from './teachIterations.ts';
import { rowsOfViews, sectionsOfPair, type TeachSections } from './teachSections.ts';
import type { TeachMethod } from './reconTypes.ts';

/** CN: how often the fit's step count alone is sent between its pictures */
const FIT_STEPS_EVERY_MS = 1000;

/** voxel × view updates per chunk of WBP rows: ≈ 0.2 s on 2 threads here */
const CHUNK_UPDATES = 2 ** 26;

export interface TeachSeriesInput {
  n: number;
  anglesDeg: number[];
  pixelSizeA: number;
  method: TeachMethod;
  device: PipelineDevice;
  warn: (message: string) => void;
  /** throws when a newer slider value supersedes this update */
  check: () => void;
  /** overrides CHUNK_UPDATES (tests) */
  chunkUpdates?: number;
  /**
   * CN: a picture of the fit (the whole volume so far) TEACH_CN_PICTURES times over its steps, and between
   * them its step count alone (volume null) about once a second, from step 0
   */
  onFit?: (volume: Float32Array | null, step: number, total: number) => void;
}

async function solve(s: TeachSeriesInput, data: Float32Array, rows: number): Promise<Volume> {
  const r = await reconstruct({
    data,
    nu: s.n,
    nv: rows,
    nviews: s.anglesDeg.length,
    geometry: geometryFromTilts(s.anglesDeg),
    pixelSizeA: s.pixelSizeA,
    method: s.method,
    thickness: s.n,
    iterations: TEACH_ITERATIONS[s.method],
    ...(s.method === 'tv' ? { powerIterations: TEACH_TV_POWER_ITERATIONS } : {}),
    ...(s.method === 'cn' ? cnHooks(s, rows) : {}),
    // a newer slider value stops SIRT or TV between iterations (never inside the projector)
    onIteration: s.check,
    createProjector: s.device.createProjector,
    createFallbackProjector: s.device.fallback,
    onDeviceFallback: (e) => s.warn(e.message),
  });
  return r.volume;
}

function cnHooks(s: TeachSeriesInput, rows: number) {
  const cn = { ...TEACH_CN, threads: s.device.threads ?? 1 };
  const total = cnTotalSteps(cn, { nx: s.n, ny: rows, nz: s.n });
  const onFit = s.onFit;
  if (!onFit) return { cn };
  onFit(null, 0, total);
  let told = performance.now();
  return {
    cn,
    previewEvery: Math.max(1, Math.round(total / TEACH_CN_PICTURES)),
    onPreview: (v: Float32Array, step: number) => {
      told = performance.now();
      onFit(v, step, total);
    },
    onProgress: (p: { iteration?: number }) => {
      if (performance.now() - told < FIT_STEPS_EVERY_MS) return;
      told = performance.now();
      onFit(null, p.iteration ?? 0, total);
    },
  };
}

/**
 * The middle XZ slice and the sum along y, from the 2-row problem (only where sectionsFirst holds): its
 * series (teachSections.ts's sectionSeries of the views, or teachSinogram.ts's projectPair of the truth).
 */
export async function reconstructSections(s: TeachSeriesInput, pair: Float32Array): Promise<TeachSections> {
  return sectionsOfPair(await solve(s, pair, 2));
}

/** The whole n × n × n volume from `stack` (n × n views, view-major). */
export async function reconstructVolume(s: TeachSeriesInput, stack: Float32Array): Promise<Volume> {
  const { n } = s;
  const nviews = s.anglesDeg.length;
  const perRow = n * n * nviews;
  const rows =
    s.method === 'wbp' && s.device.kind === 'cpu'
      ? Math.max(2, Math.floor((s.chunkUpdates ?? CHUNK_UPDATES) / perRow))
      : n;
  if (rows >= n) return solve(s, stack, n);
  let out: Volume | null = null;
  for (let y0 = 0; y0 < n; y0 += rows) {
    s.check();
    // the projector wants two rows at least: a last single row goes with the one before it
    const y1 = n - (y0 + rows) < 2 ? n : y0 + rows;
    const part = await solve(s, rowsOfViews(stack, n, n, nviews, y0, y1), y1 - y0);
    out ??= { ...part, ny: n, data: new Float32Array(n * n * n) };
    const m = y1 - y0;
    for (let z = 0; z < n; z++)
      out.data.set(part.data.subarray(n * m * z, n * m * (z + 1)), n * (y0 + n * z));
    if (y1 === n) break;
  }
  return out!;
}
