// The simulated acquisition: tilt list, acquisition order, doses and the raw-image geometry of each view.
import {
  acquisitionIndices,
  priorDoseEA2,
  tiltRange,
  type AcquisitionOrder,
} from '../../core/acquisition/index.ts';
import { WedgeLabError } from '../../core/errors.ts';
import { alignedFromRaw, type ViewGeometry } from '../../core/geometry/index.ts';
import type { XfTransform } from '../../io/meta/index.ts';
import { streamRng } from './poisson.ts';
import type { SimulateOptions } from './types.ts';

/** Random streams, so adding one never changes another's numbers. */
export const STREAM_SHIFTS = 1_000_001;
export const STREAM_NOISE_BASE = 0;

export interface SimViews {
  anglesDeg: number[];
  trueAnglesDeg: number[];
  acquisitionIndex: number[];
  priorDoseEA2: number[];
  /** raw-image geometry: true angle, axis rotation error, shifts */
  geometry: ViewGeometry[];
  truthXf: XfTransform[];
}

export function nominalAngles(opts: SimulateOptions): number[] {
  if (opts.anglesDeg) {
    if (opts.anglesDeg.length === 0) throw new WedgeLabError('bad-argument', 'the tilt angle list is empty');
    for (const a of opts.anglesDeg) {
      if (!(Math.abs(a) <= 90))
        throw new WedgeLabError('bad-argument', `tilt angle ${a}° is outside −90…90°`);
    }
    return [...opts.anglesDeg];
  }
  const [lo, hi] = opts.tiltRangeDeg ?? [-60, 60];
  return tiltRange(lo, hi, opts.tiltStepDeg ?? 2);
}

export function buildViews(opts: SimulateOptions, seed: number): SimViews {
  const anglesDeg = nominalAngles(opts);
  const offset = opts.angleOffsetDeg ?? 0;
  const trueAnglesDeg = anglesDeg.map((a) => a + offset);
  const worst = Math.max(...trueAnglesDeg.map(Math.abs));
  // ±90° itself is allowed (a teaching range): the beam then runs along x, which the projector handles
  if (!(worst <= 90)) {
    throw new WedgeLabError(
      'bad-argument',
      `tilt ${worst}° (with the angle offset) goes past ±90°; reduce the range or the offset`,
    );
  }
  const order: AcquisitionOrder = opts.order ?? 'dose-symmetric';
  const acquisitionIndex = acquisitionIndices(anglesDeg, order);
  const prior = priorDoseEA2(acquisitionIndex, opts.doseEA2 ?? 0);
  const sigma = opts.shiftSigmaPx ?? 0;
  if (!(sigma >= 0)) throw new WedgeLabError('bad-argument', `shift sigma must be ≥ 0 px, got ${sigma}`);
  const rng = streamRng(seed, STREAM_SHIFTS);
  const axis = opts.axisErrorDeg ?? 0;
  const geometry = trueAnglesDeg.map((angleDeg): ViewGeometry => {
    const g: ViewGeometry = { angleDeg };
    if (axis) g.axisRotationDeg = axis;
    if (sigma > 0) {
      // drawn in the .xf sense: the translation that moves the raw image back onto the aligned one
      g.shiftXPx = sigma * rng.normal();
      g.shiftYPx = sigma * rng.normal();
    }
    return g;
  });
  const truthXf = geometry.map((g) => {
    const t = alignedFromRaw(g);
    // + 0 turns −0 (sin of a zero rotation) into 0, so the .xf shows no "-0.0000000"
    return {
      a11: t.a11 + 0,
      a12: t.a12 + 0,
      a21: t.a21 + 0,
      a22: t.a22 + 0,
      dxPx: t.dxPx + 0,
      dyPx: t.dyPx + 0,
    };
  });
  return { anglesDeg, trueAnglesDeg, acquisitionIndex, priorDoseEA2: prior, geometry, truthXf };
}
