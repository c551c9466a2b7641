/**
 * Everything between a tilt series on disk and a projector: validation (one-line errors), view exclusion,
 * binning, output size (width, thickness), z-offset and x-axis tilt, all expressed as data + TiltGeometry +
 * volume/detector dims, so any Projector can run the result.
 *
 * Units: `thicknessPx`, `zOffsetPx` and `widthPx` are in UNBINNED pixels, as IMOD's THICKNESS/SHIFT with
 * IMAGEBINNED, so changing `bin` keeps the same specimen region. Binning keeps the detector centre where it
 * was (binning.ts), so the binned geometry is the unbinned one exactly: shifts and .xf translations are
 * divided by `bin`, the linear parts are kept, and the translation is corrected for the in-plane centre
 * (nu/2, nv/2), which sits half a binned pixel from the tilt centre instead of half an unbinned one.
 */
import { WedgeLabError } from '../../core/errors.ts';
import {
  alignedFromRaw,
  viewVectors,
  type DetectorDims,
  type TiltGeometry,
  type ViewGeometry,
  type VolumeDims,
} from '../../core/geometry/index.ts';
import { binStack, type BinMethod } from './binning.ts';

export interface PrepareInput {
  /** nu × nv × nviews, index u + nu·(v + nv·view) */
  data: Float32Array;
  nu: number;
  nv: number;
  nviews: number;
  geometry: TiltGeometry;
  /** Å per pixel of the input (default 1) */
  pixelSizeA?: number;
}

export interface PrepareOptions {
  /** output thickness nz in unbinned pixels (required) */
  thicknessPx: number;
  /** output width nx in unbinned pixels; default the view width */
  widthPx?: number;
  /** the volume's centre sits at specimen height +zOffsetPx (unbinned px): positive looks higher up in z */
  zOffsetPx?: number;
  /** added to every view's x-axis tilt (IMOD XAXISTILT sign, see docs/geometry.md), degrees */
  xTiltDeg?: number;
  /** 0-based indices of views to leave out */
  excludeViews?: readonly number[];
  /** integer binning factor ≥ 1; default 1 */
  bin?: number;
  binMethod?: BinMethod;
}

export interface PreparedSeries {
  data: Float32Array;
  geometry: TiltGeometry;
  volumeDims: VolumeDims;
  detectorDims: DetectorDims;
  /** original indices of the views kept, in stack order */
  keptViews: number[];
  /** Å per voxel of the output */
  voxelSizeA: number;
  bin: number;
}

/** The largest thickness accepted, as a multiple of the larger view side (a sanity bound, not a physical one). */
export const MAX_THICKNESS_FACTOR = 8;

export function validateInput(input: PrepareInput, opts: PrepareOptions): void {
  const { nu, nv, nviews, data, geometry } = input;
  if (!(nu >= 2 && nv >= 1 && nviews >= 1) || data.length !== nu * nv * nviews) {
    throw new WedgeLabError(
      'mismatch',
      `the tilt series has ${data.length} values, not ${nu}×${nv}×${nviews}`,
    );
  }
  if (geometry.views.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${geometry.views.length} tilt angles for ${nviews} sections; give one tilt angle per section (or exclude views after matching them)`,
    );
  }
  const t = opts.thicknessPx;
  const maxT = MAX_THICKNESS_FACTOR * Math.max(nu, nv);
  if (!Number.isFinite(t) || t <= 0) {
    throw new WedgeLabError(
      'bad-argument',
      `thickness ${t} px is impossible; give a positive thickness in pixels, e.g. ${Math.round(nu / 4)}`,
    );
  }
  if (t > maxT) {
    throw new WedgeLabError(
      'bad-argument',
      `thickness ${t} px is absurd for ${nu}×${nv} views; use at most ${maxT} px`,
    );
  }
  if (
    opts.widthPx !== undefined &&
    !(Number.isInteger(opts.widthPx) && opts.widthPx >= 2 && opts.widthPx <= 4 * nu)
  ) {
    throw new WedgeLabError(
      'bad-argument',
      `width ${opts.widthPx} px; expected an integer from 2 to ${4 * nu}`,
    );
  }
  for (const v of opts.excludeViews ?? []) {
    if (!Number.isInteger(v) || v < 0 || v >= nviews) {
      throw new WedgeLabError(
        'bad-argument',
        `excluded view ${v} does not exist; views are numbered 0…${nviews - 1}`,
      );
    }
  }
  const zOff = opts.zOffsetPx ?? 0;
  if (!Number.isFinite(zOff)) throw new WedgeLabError('bad-argument', `z offset ${zOff} is not a number`);
  const xt = opts.xTiltDeg ?? 0;
  if (!(Math.abs(xt) < 45))
    throw new WedgeLabError('bad-argument', `x-axis tilt ${xt}° is out of range; expected |tilt| < 45°`);
}

/** Validates, excludes views, bins, and builds the geometry and sizes for a projector. */
export function prepareSeries(input: PrepareInput, opts: PrepareOptions): PreparedSeries {
  validateInput(input, opts);
  const { nu, nv, nviews } = input;
  const excluded = new Set(opts.excludeViews ?? []);
  const keptViews = Array.from({ length: nviews }, (_, i) => i).filter((i) => !excluded.has(i));
  if (keptViews.length === 0)
    throw new WedgeLabError('bad-argument', `all ${nviews} views are excluded; keep at least one`);
  const viewSize = nu * nv;
  const kept = keptViews.length === nviews ? input.data : new Float32Array(keptViews.length * viewSize);
  if (kept !== input.data)
    keptViews.forEach((v, k) =>
      kept.set(input.data.subarray(v * viewSize, (v + 1) * viewSize), k * viewSize),
    );

  const bin = opts.bin ?? 1;
  const binned = binStack(kept, nu, nv, keptViews.length, bin, opts.binMethod);
  const nx = Math.max(2, Math.round((opts.widthPx ?? nu) / bin));
  const nz = Math.max(1, Math.round(opts.thicknessPx / bin));
  const volumeDims: VolumeDims = { nx, ny: binned.nv, nz };
  const detectorDims: DetectorDims = { nu: binned.nu, nv: binned.nv };
  const zOffset = (opts.zOffsetPx ?? 0) / bin;
  const xTilt = opts.xTiltDeg ?? 0;
  const views = keptViews.map((i) => adjustView(input.geometry.views[i], bin, xTilt, zOffset));
  return {
    data: binned.data,
    geometry: { ...input.geometry, views },
    volumeDims,
    detectorDims,
    keptViews,
    voxelSizeA: (input.pixelSizeA ?? 1) * bin,
    bin,
  };
}

/**
 * One view after binning, extra x-axis tilt and z offset. The z offset moves where the volume sits in the
 * specimen: volume point p is specimen point p + zOffset·ẑ, whose aligned detector position is the usual one
 * plus δ = zOffset·(uAxis_z, vAxis_z). Subtracting δ after the view's .xf (raw → aligned) makes the projector
 * look there, for any tilt, x-tilt, axis rotation or .xf.
 */
function adjustView(view: ViewGeometry, bin: number, xTiltDeg: number, zOffsetPx: number): ViewGeometry {
  const out: ViewGeometry = { ...view };
  if (xTiltDeg) out.xTiltDeg = (view.xTiltDeg ?? 0) + xTiltDeg;
  if (bin !== 1) {
    if (view.shiftXPx) out.shiftXPx = view.shiftXPx / bin;
    if (view.shiftYPx) out.shiftYPx = view.shiftYPx / bin;
    if (view.xf) out.xf = { ...view.xf, dxPx: view.xf.dxPx / bin, dyPx: view.xf.dyPx / bin };
    // In pixels from the tilt centre C = (n − 1)/2 the raw → aligned map is x ↦ A·x + (I − A)·h + d, with
    // h = c − C = (½, ½) the offset of the in-plane centre c = n/2. Binned, the same map is
    // x ↦ A·x + ((I − A)·h + d)/bin, while the binned geometry gives A·x + (I − A)·h + d/bin: the
    // difference, −(I − A)·h·(bin − 1)/bin, is added to the last translation (zero when A = I).
    const t = alignedFromRaw(view);
    const k = (0.5 * (bin - 1)) / bin;
    const dx = -k * (1 - t.a11 - t.a12);
    const dy = -k * (1 - t.a21 - t.a22);
    if (dx !== 0 || dy !== 0) {
      if (out.xf) out.xf = { ...out.xf, dxPx: out.xf.dxPx + dx, dyPx: out.xf.dyPx + dy };
      else {
        out.shiftXPx = (out.shiftXPx ?? 0) + dx;
        out.shiftYPx = (out.shiftYPx ?? 0) + dy;
      }
    }
  }
  if (zOffsetPx) {
    const { uAxis, vAxis } = viewVectors(out);
    const du = zOffsetPx * uAxis[2];
    const dv = zOffsetPx * vAxis[2];
    const xf = out.xf ?? { a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 };
    out.xf = { ...xf, dxPx: xf.dxPx - du, dyPx: xf.dyPx - dv };
  }
  return out;
}
