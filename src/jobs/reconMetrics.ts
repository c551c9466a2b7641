/**
 * Scores a reconstruction against the truth with src/core/metrics: PSNR, SSIM (3D), VIF (on the truth's
 * 0–255 scale, as the CLI) and the FSC, split into the measured ("present") and missing-wedge regions when
 * the tilt angles are known. Runs in the recon worker. Every slow metric reports per slice or plane through
 * the job's progress reporter and checks `signal` there too; between metrics it yields so a cancel gets in.
 */
import { WedgeLabError } from '../core/errors.ts';
import {
  directionalFsc,
  fsc,
  psnr,
  ssim3d,
  optionalMetric,
  vif,
  type FscCrossing,
  type FscResult,
  type MetricHooks,
  type TiltGeometry,
} from '../core/metrics/index.ts';
import type { Volume } from '../core/types.ts';
import type { ProgressReporter } from './reconProgress.ts';
import type { FscCrossingSummary, MetricsJobResult } from './reconTypes.ts';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export type CancelSignal = { readonly aborted: boolean };

/** Voxel size in Å, or null when unknown (0, or not finite). */
export function knownVoxelSize(v: Volume): number | null {
  const s = v.voxelSizeA[0];
  return Number.isFinite(s) && s > 0 ? s : null;
}

/** A crossing for the UI: the Å figure only when the voxel size is known. */
export function crossingSummary(c: FscCrossing | null, voxelSizeA: number | null): FscCrossingSummary | null {
  if (!c) return null;
  return { freqPerPx: c.freqPerPx, resolutionA: voxelSizeA === null ? null : voxelSizeA / c.freqPerPx };
}

/** Runs a stage over [from, to] of the job's progress: hooks for the metric, cancel checks around it. */
export function stageRunner(progress: ProgressReporter, signal: CancelSignal) {
  return async <T>(from: number, to: number, stage: string, run: (hooks: MetricHooks) => T): Promise<T> => {
    progress.update({ fraction: from, stage }, true);
    await pause();
    if (signal.aborted) throw new WedgeLabError('cancelled', `${stage}: cancelled`);
    return run({ signal, onProgress: (f) => progress.update({ fraction: from + (to - from) * f, stage }) });
  };
}

export async function scoreReconstruction(
  rec: Volume,
  truth: Volume,
  tiltsDeg: readonly number[] | undefined,
  progress: ProgressReporter,
  signal: CancelSignal,
  mask: TiltGeometry = {},
): Promise<MetricsJobResult> {
  if (rec.nx !== truth.nx || rec.ny !== truth.ny || rec.nz !== truth.nz) {
    throw new WedgeLabError(
      'mismatch',
      `the reconstruction is ${rec.nx}×${rec.ny}×${rec.nz} but the truth is ${truth.nx}×${truth.ny}×${truth.nz}; ` +
        `reconstruct with bin 1 and thickness ${truth.nz} to score it`,
    );
  }
  const t0 = now();
  const stage = stageRunner(progress, signal);
  const voxelSizeA = knownVoxelSize(truth) ?? knownVoxelSize(rec);
  const fscOptions = { voxelSizeA: voxelSizeA ?? 1 };
  const p = await stage(0.01, 0.02, 'PSNR', () => psnr(truth, rec));
  const s = await stage(0.02, 0.35, 'SSIM', (h) => ssim3d(truth, rec, h));
  const v = await stage(0.35, 0.65, 'VIF', (h) =>
    optionalMetric(() => vif(truth, rec, { ...h, scaleTo255: true })),
  );
  let all: FscResult;
  let present: number[] | undefined;
  let missing: number[] | undefined;
  if (tiltsDeg && tiltsDeg.length > 0) {
    const d = await stage(0.65, 1, 'FSC', (h) =>
      directionalFsc(truth, rec, tiltsDeg, mask, { ...fscOptions, ...h }),
    );
    all = d.all;
    present = d.present.fsc;
    missing = d.missing.fsc;
  } else {
    all = await stage(0.65, 1, 'FSC', (h) => fsc(truth, rec, { ...fscOptions, ...h }));
  }
  progress.update({ fraction: 1, stage: 'done' }, true);
  return {
    psnr: p,
    ssim: s,
    vif: v.value,
    ...(v.reason ? { undefinedReasons: { vif: v.reason } } : {}),
    fsc143: crossingSummary(all.fsc143, voxelSizeA),
    fsc05: crossingSummary(all.fsc05, voxelSizeA),
    voxelSizeA,
    fsc: { freq: all.freq, all: all.fsc, present, missing },
    seconds: (now() - t0) / 1000,
  };
}
