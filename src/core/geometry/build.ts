// Building a TiltGeometry from what files give: a tilt list, optionally an axis angle and IMOD .xf lines.
import { WedgeLabError } from '../errors.ts';
import type { GeometryImportOptions, InPlaneXf, TiltGeometry, ViewGeometry } from './types.ts';

export interface GeometryFromTiltsOptions extends GeometryImportOptions {
  /** tilt-axis angle of the raw images, degrees CCW from +y (same for every view) */
  axisRotationDeg?: number;
  /** IMOD XAXISTILT, degrees (same for every view) */
  xTiltDeg?: number;
  /** one IMOD .xf transform per view (raw → aligned), e.g. parsed by src/io/meta/xf.ts */
  xf?: readonly InPlaneXf[];
  /** per-view shifts in pixels (IMOD .xf dx, dy sense), one pair per view */
  shiftsPx?: readonly (readonly [number, number])[];
  /** file names for error messages */
  tiltSource?: string;
  xfSource?: string;
}

/** A geometry from a tilt list (e.g. a .tlt) plus optional alignment; import options are applied last. */
export function geometryFromTilts(
  anglesDeg: readonly number[],
  opts: GeometryFromTiltsOptions = {},
): TiltGeometry {
  const tilts = opts.tiltSource ?? 'tilt list';
  if (anglesDeg.length === 0) throw new WedgeLabError('bad-argument', `${tilts} has no tilt angles`);
  anglesDeg.forEach((a, i) => {
    if (!Number.isFinite(a))
      throw new WedgeLabError('bad-argument', `${tilts}: tilt angle ${i + 1} is not a number`);
  });
  if (opts.xf && opts.xf.length !== anglesDeg.length) {
    throw new WedgeLabError(
      'mismatch',
      `${opts.xfSource ?? '.xf'} has ${opts.xf.length} transforms but ${tilts} has ${anglesDeg.length} angles; give one transform per view`,
    );
  }
  if (opts.shiftsPx && opts.shiftsPx.length !== anglesDeg.length) {
    throw new WedgeLabError(
      'mismatch',
      `${opts.shiftsPx.length} shifts for ${anglesDeg.length} tilt angles; give one shift per view`,
    );
  }
  const views: ViewGeometry[] = anglesDeg.map((angleDeg, i) => {
    const v: ViewGeometry = { angleDeg };
    if (opts.xTiltDeg) v.xTiltDeg = opts.xTiltDeg;
    if (opts.axisRotationDeg) v.axisRotationDeg = opts.axisRotationDeg;
    const s = opts.shiftsPx?.[i];
    if (s) {
      v.shiftXPx = s[0];
      v.shiftYPx = s[1];
    }
    const xf = opts.xf?.[i];
    if (xf) v.xf = { a11: xf.a11, a12: xf.a12, a21: xf.a21, a22: xf.a22, dxPx: xf.dxPx, dyPx: xf.dyPx };
    return v;
  });
  return applyImportOptions({ views }, opts);
}

/**
 * The two usual mismatches:
 * - invertAngles negates every tilt angle and x-axis tilt. Projections of the z-mirrored volume equal the
 *   projections at negated angles, so this turns a mirror-image (wrong-handed) reconstruction right.
 * - axisRotated180 adds 180° to the tilt-axis rotation (an axis angle reported as 85° that should be −95°).
 *   A raw image rotated 180° in-plane equals the view at −θ rotated 180°: also a mirror image, turned by 180°.
 */
export function applyImportOptions(geometry: TiltGeometry, opts: GeometryImportOptions = {}): TiltGeometry {
  if (!opts.invertAngles && !opts.axisRotated180) return geometry;
  return {
    ...geometry,
    views: geometry.views.map((v) => {
      const out: ViewGeometry = { ...v };
      if (opts.invertAngles) {
        out.angleDeg = -v.angleDeg;
        if (v.xTiltDeg) out.xTiltDeg = -v.xTiltDeg;
      }
      if (opts.axisRotated180) out.axisRotationDeg = (v.axisRotationDeg ?? 0) + 180;
      return out;
    }),
  };
}

/** Tilt angles of a geometry, in view order. */
export function tiltAnglesDeg(geometry: TiltGeometry): number[] {
  return geometry.views.map((v) => v.angleDeg);
}

/** The sub-geometry of the given views (e.g. odd/even half sets). */
export function selectViews(geometry: TiltGeometry, viewIndices: readonly number[]): TiltGeometry {
  return {
    ...geometry,
    views: viewIndices.map((i) => {
      const v = geometry.views[i];
      if (!v)
        throw new WedgeLabError('bad-argument', `view ${i} does not exist (${geometry.views.length} views)`);
      return v;
    }),
  };
}
