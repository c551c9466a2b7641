/**
 * Half-set FSC for real data (no truth): the kept views split into even and odd halves (file order,
 * src/core/metrics splitOddEven), each half reconstructed with the same parameters, then FSC'd in total
 * and split into present/missing by the full tilt list. Runs in the recon worker.
 */
import { halfSetFsc, splitOddEven } from '../core/metrics/index.ts';
import type { Volume } from '../core/types.ts';
import { reconstruct, type ProjectorFactory } from '../recon/algorithms/index.ts';
import { crossingSummary, knownVoxelSize, stageRunner, type CancelSignal } from './reconMetrics.ts';
import type { ProgressReporter } from './reconProgress.ts';
import { maskGeometry, reconParams } from './reconRequest.ts';
import type { LoadedSeries } from './reconSeries.ts';
import type { HalfSetJobRequest, HalfSetJobResult } from './reconTypes.ts';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** The even and odd halves of the views kept after `excluded`, as the views each reconstruction leaves out. */
export function halfSetExclusions(
  nviews: number,
  excluded: readonly number[] = [],
): { even: number[]; odd: number[]; evenViews: number; oddViews: number } {
  const skip = new Set(excluded);
  const kept = Array.from({ length: nviews }, (_, i) => i).filter((i) => !skip.has(i));
  const halves = splitOddEven(kept.length);
  const evenSet = new Set(halves.even.map((k) => kept[k]));
  const oddSet = new Set(halves.odd.map((k) => kept[k]));
  const all = Array.from({ length: nviews }, (_, i) => i);
  return {
    even: all.filter((i) => !evenSet.has(i)),
    odd: all.filter((i) => !oddSet.has(i)),
    evenViews: evenSet.size,
    oddViews: oddSet.size,
  };
}

export async function runHalfSet(
  s: LoadedSeries,
  req: HalfSetJobRequest,
  createProjector: ProjectorFactory,
  progress: ProgressReporter,
  abort: AbortSignal,
  cancel: CancelSignal,
  startFraction: number,
): Promise<HalfSetJobResult> {
  const t0 = now();
  const split = halfSetExclusions(s.nviews, req.excludeViews);
  const half = async (leaveOut: number[], from: number, to: number, label: string): Promise<Volume> => {
    const r = await reconstruct({
      data: s.data,
      nu: s.nx,
      nv: s.ny,
      nviews: s.nviews,
      pixelSizeA: s.pixelSizeA,
      ...reconParams(s, req, req.source.name, leaveOut),
      createProjector,
      signal: abort,
      onProgress: (p) =>
        progress.update({ fraction: from + (to - from) * p.fraction, stage: `${label}: ${p.stage}` }),
    });
    return r.volume;
  };
  const span = 1 - startFraction;
  const even = await half(split.even, startFraction, startFraction + 0.4 * span, 'even views');
  const odd = await half(split.odd, startFraction + 0.4 * span, startFraction + 0.8 * span, 'odd views');
  const voxelSizeA = knownVoxelSize(even);
  const keptAngles = s.anglesDeg.filter((_, i) => !(req.excludeViews ?? []).includes(i));
  const stage = stageRunner(progress, cancel);
  const r = await stage(startFraction + 0.8 * span, 1, 'half-set FSC', (h) =>
    halfSetFsc(odd, even, keptAngles, maskGeometry(req.importOptions), { voxelSizeA: voxelSizeA ?? 1, ...h }),
  );
  progress.update({ fraction: 1, stage: 'done' }, true);
  return {
    fsc: { freq: r.total.freq, all: r.total.fsc, present: r.present?.fsc, missing: r.missing?.fsc },
    fsc143: crossingSummary(r.total.fsc143, voxelSizeA),
    fsc05: crossingSummary(r.total.fsc05, voxelSizeA),
    voxelSizeA,
    evenViews: split.evenViews,
    oddViews: split.oddViews,
    seconds: (now() - t0) / 1000,
  };
}
