// IMOD .xf: one 2×3 linear transform per view, mapping the raw image onto the aligned one about the
// image centre: x' = a11·x + a12·y + dx, y' = a21·x + a22·y + dy (x, y measured from the centre).
import { WedgeLabError } from '../../core/errors.ts';
import {
  composeInPlane,
  identityInPlane,
  inPlaneDeterminant,
  invertInPlane,
  rotationInPlane,
  type InPlaneXf,
} from '../../core/geometry/index.ts';
import { baseName, formatFixed, parseNumber, splitLines } from './text.ts';

/** Same fields as core's InPlaneXf, so a parsed .xf passes straight into the geometry. */
export type XfTransform = InPlaneXf;

export interface PointPx {
  xPx: number;
  yPx: number;
}

/** IMOD writes each line as Fortran (4f12.7, 2f12.3): 72 columns of 12-character fields. */
const FIELD_WIDTH = 12;

export function parseXf(text: string, fileName: string): XfTransform[] {
  const name = baseName(fileName);
  const out: XfTransform[] = [];
  splitLines(text).forEach((line, i) => {
    if (line.trim() === '') return;
    const values = xfLineValues(line);
    if (!values) {
      throw new WedgeLabError(
        'bad-header',
        `${name} line ${i + 1}: expected 6 numbers (a11 a12 a21 a22 dx dy), got "${line.trim().slice(0, 60)}"`,
      );
    }
    const [a11, a12, a21, a22, dxPx, dyPx] = values;
    out.push({ a11, a12, a21, a22, dxPx, dyPx });
  });
  if (out.length === 0) {
    throw new WedgeLabError(
      'truncated',
      `${name} has no transforms; expected one line "a11 a12 a21 a22 dx dy" per view`,
    );
  }
  return out;
}

function xfLineValues(line: string): number[] | undefined {
  const tokens = line.trim().split(/\s+/);
  let values = tokens.map(parseNumber);
  // Wide shifts can fill a 12-column field so that two numbers touch; fall back to the fixed columns.
  if (values.length !== 6 && line.length >= 6 * FIELD_WIDTH) {
    values = Array.from({ length: 6 }, (_, k) =>
      parseNumber(line.slice(k * FIELD_WIDTH, (k + 1) * FIELD_WIDTH)),
    );
  }
  if (values.length !== 6 || values.some((v) => v === undefined)) return undefined;
  return values as number[];
}

/** IMOD's layout, column for column: 4 × %12.7f then 2 × %12.3f, newline-terminated. */
export function formatXf(transforms: readonly XfTransform[]): string {
  return transforms
    .map(
      (t) =>
        [t.a11, t.a12, t.a21, t.a22].map((v) => formatFixed(v, FIELD_WIDTH, 7)).join('') +
        [t.dxPx, t.dyPx].map((v) => formatFixed(v, FIELD_WIDTH, 3)).join('') +
        '\n',
    )
    .join('');
}

// The transform algebra is core's (one copy of IMOD's xfmult); io only names it the way .xf users do.
export const identityXf = identityInPlane;

/** A rotation by `rotationDeg` (counter-clockwise, x right, y up) scaled by `magnification`, then a shift. */
export function makeXf(rotationDeg: number, magnification = 1, dxPx = 0, dyPx = 0): XfTransform {
  const r = rotationInPlane(rotationDeg, dxPx, dyPx);
  return {
    ...r,
    a11: r.a11 * magnification,
    a12: r.a12 * magnification,
    a21: r.a21 * magnification,
    a22: r.a22 * magnification,
  };
}

/** The transform that applies `first`, then `second` (IMOD's xfmult order). */
export const composeXf = composeInPlane;

/** The aligned → raw transform. A singular matrix (a zero line in a hand-edited file) is an error. */
export const invertXf = invertInPlane;

/**
 * Maps a raw-image point to the aligned image. Coordinates are taken relative to `centrePx`
 * (default: the point is already relative to the image centre), as IMOD does.
 */
export function applyXf(point: PointPx, xf: XfTransform, centrePx: PointPx = { xPx: 0, yPx: 0 }): PointPx {
  const x = point.xPx - centrePx.xPx;
  const y = point.yPx - centrePx.yPx;
  return {
    xPx: xf.a11 * x + xf.a12 * y + xf.dxPx + centrePx.xPx,
    yPx: xf.a21 * x + xf.a22 * y + xf.dyPx + centrePx.yPx,
  };
}

/**
 * Rotation of the transform in degrees, counter-clockwise positive: exact for a scaled rotation and the
 * closest rotation (least squares) when the matrix also stretches.
 */
export function xfRotationDeg(xf: XfTransform): number {
  return (Math.atan2(xf.a21 - xf.a12, xf.a11 + xf.a22) * 180) / Math.PI;
}

/** Mean isotropic magnification: √|det|, i.e. the area scale's square root. */
export function xfMagnification(xf: XfTransform): number {
  return Math.sqrt(Math.abs(inPlaneDeterminant(xf)));
}
