/**
 * Scores a reconstruction against the truth with src/core/metrics: PSNR, SSIM (3D) and the FSC, split into
 * the measured ("present") and missing-wedge regions when the tilt angles are known. Runs in the recon
 * worker; yields between metrics so that a cancel gets in.
 */
import { WedgeLabError } from '../core/errors.ts';
import { directionalFsc, fsc, psnr, ssim3d, type FscResult } from '../core/metrics/index.ts';
import type { Volume } from '../core/types.ts';
import type { MetricsJobResult } from './reconTypes.ts';
import type { ProgressReporter } from './reconProgress.ts';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function scoreReconstruction(
  rec: Volume,
  truth: Volume,
  tiltsDeg: readonly number[] | undefined,
  progress: ProgressReporter,
  signal: AbortSignal,
): Promise<MetricsJobResult> {
  if (rec.nx !== truth.nx || rec.ny !== truth.ny || rec.nz !== truth.nz) {
    throw new WedgeLabError(
      'mismatch',
      `the reconstruction is ${rec.nx}×${rec.ny}×${rec.nz} but the truth is ${truth.nx}×${truth.ny}×${truth.nz}; ` +
        `reconstruct with bin 1 and thickness ${truth.nz} to score it`,
    );
  }
  const t0 = now();
  const step = async (fraction: number, stage: string): Promise<void> => {
    progress.update({ fraction, stage }, true);
    await pause();
    if (signal.aborted) throw new WedgeLabError('cancelled', 'metrics: cancelled');
  };
  await step(0.02, 'PSNR');
  const p = psnr(truth, rec);
  await step(0.1, 'SSIM');
  const s = ssim3d(truth, rec);
  await step(0.6, 'FSC');
  let all: FscResult;
  let present: number[] | undefined;
  let missing: number[] | undefined;
  if (tiltsDeg && tiltsDeg.length > 0) {
    const d = directionalFsc(truth, rec, tiltsDeg);
    all = d.all;
    present = d.present.fsc;
    missing = d.missing.fsc;
  } else {
    all = fsc(truth, rec);
  }
  progress.update({ fraction: 1, stage: 'done' }, true);
  const c = all.fsc143;
  return {
    psnr: p,
    ssim: s,
    fsc143: c ? { freqPerPx: c.freqPerPx, resolutionA: c.resolutionA } : null,
    fsc: { freq: all.freq, all: all.fsc, present, missing },
    seconds: (now() - t0) / 1000,
  };
}
