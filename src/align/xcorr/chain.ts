/**
 * Coarse alignment in the manner of IMOD's tiltxcorr: views rotated so the tilt axis is vertical, binned,
 * band-passed and tapered; each view correlated with its lower-tilt neighbour (or, cumulatively, with the
 * sum of all aligned views from 0° to that neighbour), the higher-tilt view stretched perpendicular to the
 * axis by the ratio of cosines; chains walk outwards from the view nearest 0°, which is the anchor (shift 0).
 * A least-squares pass over several neighbours per view then removes most of the chain's random walk
 * (refine.ts).
 *
 * Why the shift update reads as it does: with A the aligned views and R the raw ones rotated, A(x) = R(x − d)
 * and, for an object near z = 0, A_j(x) ≈ A_i(x·cos θi / cos θj). The stretched view S_j(x) = R_j(x·cos θj /
 * cos θi) then equals A_i(x + d_j·cos θi / cos θj) in x, so the measured shift m against the aligned
 * reference gives d_jx = m_x·cos θj / cos θi and d_jy = m_y.
 */
import { composeInPlane, rotationInPlane, type InPlaneXf } from '../../core/geometry/index.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import {
  binFor,
  binnedFrame,
  binView,
  shiftBy,
  stretchX,
  warpBinned,
  type BinnedFrame,
} from '../image/frame.ts';
import { bandPassWeights, taperedSpectrum, type BandPass } from '../image/spectrum.ts';
import { fitBandPass } from './bandFit.ts';
import type { AlignHooks, AlignInput } from '../types.ts';
import type { ViewSelection } from '../views.ts';
import { measureShift, type Correlation } from './correlate.ts';
import { refineByNeighbours } from './refine.ts';

export interface XcorrOptions {
  /** binning of the working copies (default: the larger side to ≤ 256 px) */
  binning?: number;
  /** default: fitted to the data (bandFit.ts: where neighbouring views stop sharing signal) */
  bandPass?: BandPass;
  /** correlate with the accumulated aligned views instead of the neighbour alone */
  cumulative?: boolean;
  /** cosine stretch of the higher-tilt view (default true) */
  stretch?: boolean;
  taperFraction?: number;
  /** neighbours on each side in the least-squares pass (default 3; 0 keeps the plain chain) */
  neighbours?: number;
}

export interface ChainShifts {
  /** per view (null for excluded views), full-resolution pixels, in the aligned frame */
  shifts: ([number, number] | null)[];
  correlations: (Correlation | null)[];
  /** per view, RMS misfit of its pair measurements after the least-squares pass, px (null: not measured) */
  residualsPx: (number | null)[];
  frame: BinnedFrame;
  bandPass: BandPass;
}

export async function xcorrChain(
  input: AlignInput,
  sel: ViewSelection,
  axisRotationDeg: number,
  tiltOffsetDeg: number,
  opts: XcorrOptions = {},
  hooks: AlignHooks = {},
): Promise<ChainShifts> {
  const det = input.det;
  const plane = det.nu * det.nv;
  const frame = binnedFrame(det, opts.binning ?? binFor(det, 256));
  const taper = opts.taperFraction ?? 0.1;
  const unrotate = rotationInPlane(-axisRotationDeg);
  const cosOf = (k: number) => Math.cos(((input.anglesDeg[k] + tiltOffsetDeg) * Math.PI) / 180);
  const nviews = input.anglesDeg.length;
  const shifts: ([number, number] | null)[] = new Array(nviews).fill(null);
  const correlations: (Correlation | null)[] = new Array(nviews).fill(null);
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const { byTilt, anchor } = sel;
  const binned: (Float64Array | null)[] = new Array(nviews).fill(null);
  for (const k of byTilt) {
    await yielder.tick();
    binned[k] = binView(input.data.subarray(k * plane, (k + 1) * plane), frame);
  }
  const view = (k: number, xf: InPlaneXf) => warpBinned(binned[k]!, frame, xf);
  const fitted =
    opts.bandPass ??
    fitBandPass({
      frame,
      taper,
      unrotate,
      cosOf,
      view,
      anchor: byTilt[anchor],
      neighbours: [byTilt[anchor - 1], byTilt[anchor + 1]].filter((k) => k !== undefined),
    });
  const bandPass: BandPass = { sigma1: fitted.sigma1, radius2: fitted.radius2, sigma2: fitted.sigma2 };
  const weights = bandPassWeights(frame.n, bandPass);
  const residualsPx: (number | null)[] = new Array(nviews).fill(null);
  if (byTilt.length === 0) return { shifts, correlations, residualsPx, frame, bandPass };
  const k0 = byTilt[anchor];
  shifts[k0] = [0, 0];
  const maxShift = Math.floor(frame.n / 2) - 1;
  const total = byTilt.length * (opts.neighbours === 0 ? 1 : 2);
  let done = 1;
  for (const step of [1, -1]) {
    let i = k0;
    let prev = view(k0, unrotate);
    let acc: Float64Array | null = opts.cumulative ? Float64Array.from(prev) : null;
    let count = 1;
    for (let t = anchor + step; t >= 0 && t < byTilt.length; t += step) {
      await yielder.tick();
      const j = byTilt[t];
      const s = opts.stretch === false ? 1 : cosOf(i) / cosOf(j);
      const ref = taperedSpectrum(acc ?? prev, frame, taper);
      const c = measureShift(
        ref,
        (mx, my) => {
          const xf = composeInPlane(
            composeInPlane(unrotate, stretchX(s)),
            shiftBy(mx * frame.bin, my * frame.bin),
          );
          return taperedSpectrum(view(j, xf), frame, taper);
        },
        { weights, maxShift },
      );
      const mx = c.dx * frame.bin;
      const my = c.dy * frame.bin;
      const dx = mx / s;
      const dy = my;
      shifts[j] = [dx, dy];
      correlations[j] = c;
      prev = view(j, composeInPlane(unrotate, shiftBy(dx, dy)));
      if (acc) {
        acc = accumulate(warpBinned(acc, frame, stretchX(cosOf(j) / cosOf(i))), prev, count);
        count++;
      }
      i = j;
      done++;
      hooks.onProgress?.(done / total, `view ${j + 1} (${input.anglesDeg[j]}°)`);
    }
  }
  if (opts.neighbours !== 0) {
    await refineByNeighbours(
      { sel, shifts, residualsPx, unrotate, cosOf, frame, taper, weights, view },
      opts.neighbours ?? 3,
      yielder,
      (f) => hooks.onProgress?.(0.5 + 0.5 * f, 'least-squares over neighbours'),
    );
  }
  return { shifts, correlations, residualsPx, frame, bandPass };
}

/** acc + view, where acc is missing (NaN) standing in `count` copies of view, so no edge appears. */
function accumulate(acc: Float64Array, view: Float64Array, count: number): Float64Array {
  for (let p = 0; p < acc.length; p++) {
    const v = view[p];
    acc[p] = Number.isNaN(v) ? NaN : Number.isNaN(acc[p]) ? v * (count + 1) : acc[p] + v;
  }
  return acc;
}
