/**
 * SIRT iterations on a device-resident session (Projector.residentSirt): the same update and residual
 * bookkeeping as the streaming loop in sirt.ts, with only the residual scalar read back per iteration and
 * the volume only for previews and checkpoints. On device loss it hands back the last checkpoint (the
 * iterate read back after iteration `iteration`), truncating the convergence curve to match, so sirt.ts
 * resumes there on whatever projector serves next (the CPU, through FallbackProjector).
 */
import { isGpuLost } from '../fallbackProjector.ts';
import type { ResidentSirt } from '../projector.ts';
import type { ConvergenceTracker, Yielder } from './hooks.ts';

export interface ResidentRun {
  maxIterations: number;
  bNorm: number;
  tracker: ConvergenceTracker;
  yielder: Yielder;
  /** read the iterate back every this many iterations as a restart point (0: never; previews still do) */
  checkpointEvery: number;
  previewEvery: number;
  onIterationDone?: (iteration: number) => void;
}

export type ResidentOutcome =
  | { kind: 'done'; volume: Float32Array; iterations: number }
  | { kind: 'lost'; x: Float32Array; iteration: number };

export async function runResident(
  session: ResidentSirt,
  x0: Float32Array,
  run: ResidentRun,
): Promise<ResidentOutcome> {
  const { maxIterations: maxIt, tracker } = run;
  let checkpoint = { x: x0, iteration: 0 };
  let last = x0; // the newest iterate on the CPU (what previews of the previous iteration show)
  const due = (it: number, every: number) => every > 0 && it % every === 0;
  try {
    for (let it = 1; it <= maxIt; it++) {
      await run.yielder.tick();
      const read = due(it, run.previewEvery) || due(it, run.checkpointEvery) || it === maxIt;
      const { residualSq, volume } = await session.step(read);
      // the residual is that of x_{it−1}: a stop keeps that iterate (the session's previous buffer)
      if (it > 1 && tracker.record(it - 1, Math.sqrt(residualSq) / run.bNorm, last)) {
        return { kind: 'done', volume: await session.volume(true), iterations: it - 1 };
      }
      if (volume) {
        last = volume;
        checkpoint = { x: volume, iteration: it };
      }
      run.onIterationDone?.(it);
    }
    tracker.record(maxIt, Math.sqrt(await session.residualSq()) / run.bNorm, last);
    tracker.stopReason = 'iterations';
    return { kind: 'done', volume: last, iterations: maxIt };
  } catch (e) {
    if (!isGpuLost(e)) throw e;
    // residuals are known up to the checkpoint's predecessor; later ones are recomputed on resume
    tracker.residuals.length = Math.min(tracker.residuals.length, Math.max(0, checkpoint.iteration - 1));
    return { kind: 'lost', x: checkpoint.x, iteration: checkpoint.iteration };
  } finally {
    session.dispose();
  }
}
