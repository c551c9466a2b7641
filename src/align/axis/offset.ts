/**
 * searchTiltOffset: the tilt-angle offset (true = nominal + offset).
 *
 * Views alone fix an offset only through a property of the specimen, because projections at θ + o of a
 * volume are the projections at θ of the same volume turned by o. Two such properties are used:
 * - 'intensity' (offsetIntensity.ts): the views' mean levels follow the slab's path length t / cos(θ + o).
 *   Precise when the series shows it (ice, or any slab, attenuating the beam); it is used whenever the fit is
 *   significant;
 * - 'slab' (offsetSlab.ts): a flat specimen's mass spreads widest across the axis at the true 0° (the views'
 *   second moments). Needs no alignment, but is only as good as the specimen is level.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { binFor } from '../image/frame.ts';
import type { AlignHooks, AlignInput } from '../types.ts';
import { selectViews } from '../views.ts';
import { intensityOffset, looksLikeIntensity, viewMeans } from './offsetIntensity.ts';
import { acrossVariance, slabOffset } from './offsetSlab.ts';
import { binViews, imageFrame } from './profiles.ts';

export type OffsetMethod = 'intensity' | 'slab';

export interface OffsetSearchOptions {
  /** tilt-axis angle of the raw views (default input.axisRotationDeg) */
  axisRotationDeg?: number;
  /** offsets searched: ±rangeDeg (default 15) */
  rangeDeg?: number;
  /** 'auto' (default): 'intensity' when the views' means follow a slab, else 'slab' */
  method?: OffsetMethod | 'auto';
  /** larger side of the slab method's working copies (default 256) */
  workingPx?: number;
}

export interface TiltOffsetSearch {
  tiltOffsetDeg: number;
  method: OffsetMethod;
  /** the method's score against the offset, ascending (the page's plot) */
  scores: { offsetDeg: number; score: number }[];
  /** what the offset rests on and how far to trust it, one line */
  basis: string;
  warnings: string[];
  seconds: number;
}

const round = (x: number, d = 2) => Number(x.toFixed(d));

export async function searchTiltOffset(
  input: AlignInput,
  opts: OffsetSearchOptions = {},
  hooks: AlignHooks = {},
): Promise<TiltOffsetSearch> {
  const t0 = Date.now();
  const rangeDeg = opts.rangeDeg ?? 15;
  if (!(rangeDeg > 0 && rangeDeg <= 45)) {
    throw new WedgeLabError(
      'bad-argument',
      `tilt offset range ${rangeDeg}°; expected more than 0° and at most 45°`,
    );
  }
  const method = opts.method ?? 'auto';
  if (!['auto', 'intensity', 'slab'].includes(method)) {
    throw new WedgeLabError(
      'bad-argument',
      `tilt offset method '${method}'; expected auto, intensity or slab`,
    );
  }
  const sel = selectViews(input);
  if (sel.byTilt.length < 5) {
    throw new WedgeLabError(
      'bad-argument',
      `only ${sel.byTilt.length} usable views; the tilt offset needs at least 5`,
    );
  }
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const warnings = [...sel.notices];
  const angles = sel.byTilt.map((k) => input.anglesDeg[k]);
  const { nu, nv } = input.det;
  const stats = viewMeans(input.data, nu, nv, sel.byTilt);
  const intensity = intensityOffset(
    angles,
    stats.map((s) => s.mean),
    rangeDeg,
    looksLikeIntensity(stats),
  );
  hooks.onProgress?.(0.05, 'tilt offset: view means');
  await yielder.tick();
  const useIntensity = method === 'intensity' || (method === 'auto' && intensity.significant);
  if (useIntensity) {
    const se = intensity.standardErrorDeg;
    if (!intensity.significant)
      warnings.push(
        `the views' mean levels do not follow a slab's 1/cos(θ + offset) (R² ${(1 - intensity.fit.rss / Math.max(1e-300, intensity.fit.tss)).toFixed(2)}): the offset is a guess`,
      );
    if (Math.abs(intensity.fit.offsetDeg) >= rangeDeg - 0.1)
      warnings.push(`the best offset is at the edge of the search (±${rangeDeg}°); widen the range`);
    hooks.onProgress?.(1, 'tilt offset');
    return {
      tiltOffsetDeg: round(intensity.fit.offsetDeg, 3),
      method: 'intensity',
      scores: intensity.scores,
      basis:
        `the views' mean ${intensity.logOfMeans ? 'log intensity' : 'level'} follows a + c/cos(θ + offset), the slab's path ` +
        `along the beam; standard error ${Number.isFinite(se) ? `${se.toPrecision(2)}°` : 'unknown'} from the fit`,
      warnings,
      seconds: (Date.now() - t0) / 1000,
    };
  }

  const axis = opts.axisRotationDeg ?? input.axisRotationDeg;
  const views = binViews(input, sel, binFor(input.det, opts.workingPx ?? 256));
  const weights = imageFrame(views.w, views.h, 2).weights;
  const variances: number[] = [];
  for (const img of views.images) {
    await yielder.tick();
    variances.push(acrossVariance(img, views.w, views.h, axis, weights));
    hooks.onProgress?.(0.05 + (0.9 * variances.length) / views.images.length, 'tilt offset: view moments');
  }
  const keep = variances.map((v, i) => (Number.isFinite(v) ? i : -1)).filter((i) => i >= 0);
  if (keep.length < 5) {
    throw new WedgeLabError(
      'bad-argument',
      `only ${keep.length} views hold positive mass; the slab method needs projections with the density positive (or use method 'intensity')`,
    );
  }
  const slab = slabOffset(
    keep.map((i) => angles[i]),
    keep.map((i) => variances[i]),
    rangeDeg,
  );
  if (Math.abs(slab.offsetDeg) > rangeDeg)
    warnings.push(
      `the specimen's widest direction is ${round(slab.offsetDeg, 1)}° from the nominal 0°, beyond the search's ±${rangeDeg}°; check the tilt angles`,
    );
  if (slab.r2 < 0.5)
    warnings.push(
      `the views' spread across the axis barely follows a slab's cos 2θ (R² ${slab.r2.toFixed(2)}): the offset is a guess`,
    );
  hooks.onProgress?.(1, 'tilt offset');
  return {
    tiltOffsetDeg: round(slab.offsetDeg, 3),
    method: 'slab',
    scores: slab.scores,
    basis:
      "the views' mass spreads widest across the axis at the true 0° (its variance follows A + B·cos 2(θ + offset)); " +
      'this takes the specimen as level there, so the offset is as good as the specimen is flat (0.1°–3.5° on the ' +
      "simulated 'shapes' series): check the tomogram's x–z view",
    warnings,
    seconds: (Date.now() - t0) / 1000,
  };
}
