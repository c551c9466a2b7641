// Step 4, score without truth: the two half sets (series/halfSets.ts) reconstructed with the recipe's
// parameters on the already-read stack, then their FSC in total and split into present / missing wedge.
import {
  halfSetFsc,
  type HalfSetFscResult,
  type TiltGeometry as MaskGeometry,
} from '../../core/metrics/index.ts';
import type { Volume } from '../../core/types.ts';
import type { Recipe } from '../recipe/index.ts';
import { halfSetViews, leaveOut } from '../series/halfSets.ts';
import type { PipelineDevice } from '../run/device.ts';
import type { Host } from '../run/host.ts';
import type { LoadedSeries } from './load.ts';
import { reconstructWhole, type Span } from './reconstructWhole.ts';

export interface HalfSetRun {
  fsc: HalfSetFscResult;
  half1: Volume;
  half2: Volume;
  /** 0-based views of each half */
  half1Views: number[];
  half2Views: number[];
  seconds: number;
  /** why this FSC may overstate the resolution (unaligned views), or null */
  warning: string | null;
}

/**
 * Half sets of an unaligned series share its drift (both halves move together), so their FSC reads as
 * agreement up to high frequency: on a real unaligned series it reported "above 0.143 to Nyquist".
 */
export function unalignedWarning(recipe: Recipe): string | null {
  if (recipe.align.method !== 'none' || recipe.input.xf || recipe.input.alignModel) return null;
  return 'the views were not aligned (no align step, no .xf): if the series drifts, both halves share the drift and this FSC overstates the resolution';
}

/**
 * The directional-FSC mask for the recipe's import options: inverted angles measure the planes of −θ, and an
 * axis turned by 180° turns the planes with it. (A general axis angle is undone by the alignment.)
 */
export function maskGeometry(g: { invertAngles?: boolean; axisRotated180?: boolean } = {}): MaskGeometry {
  return { angleSign: g.invertAngles ? -1 : 1, tiltAxisAngleDeg: g.axisRotated180 ? 180 : 0 };
}

export async function runHalfSets(
  recipe: Recipe,
  s: LoadedSeries,
  data: Float32Array,
  device: PipelineDevice,
  host: Host,
  span: Span,
): Promise<HalfSetRun> {
  const { half1: v1, half2: v2 } = halfSetViews(s.anglesDeg, s.excluded);
  const mid = span.from + 0.45 * (span.to - span.from);
  const end = span.from + 0.9 * (span.to - span.from);
  const a = await reconstructWhole(
    recipe,
    s,
    data,
    device,
    host,
    { from: span.from, to: mid, label: 'half 1' },
    leaveOut(s.nviews, v1),
  );
  const b = await reconstructWhole(
    recipe,
    s,
    data,
    device,
    host,
    { from: mid, to: end, label: 'half 2' },
    leaveOut(s.nviews, v2),
  );
  host.progress?.({ fraction: end, stage: 'half-set FSC' });
  // nominal angles: the mask applies the import options itself
  const kept = [...v1, ...v2].map((i) => s.anglesDeg[i]);
  const voxel = a.volume.voxelSizeA[0];
  const fsc = halfSetFsc(b.volume, a.volume, kept, maskGeometry(recipe.geometry), {
    voxelSizeA: voxel > 0 ? voxel : 0,
  });
  return {
    fsc,
    half1: a.volume,
    half2: b.volume,
    half1Views: v1,
    half2Views: v2,
    seconds: a.seconds + b.seconds,
    warning: unalignedWarning(recipe),
  };
}
