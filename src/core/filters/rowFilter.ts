/**
 * Row filtering for WBP: every detector row (along u) is padded to a power of two ≥ 2·nu, transformed,
 * multiplied by the filter, transformed back and cropped, then scaled by its view's weight.
 *
 * The ramp is the DFT of the spatial-domain band-limited Ram-Lak kernel (Kak & Slaney, "Principles of
 * Computerized Tomographic Imaging", ch. 3, eq. 61): h(0) = 1/4, h(n) = −1/(π²n²) for odd n, 0 for even n,
 * sampled over the padded length. Its DFT is ≈ |f| away from DC but keeps a small positive DC term; sampling
 * |f| directly would set DC to 0 and leave a negative bias ("dishing") in the reconstruction.
 */
import { WedgeLabError } from '../errors.ts';
import { createFft, nextPowerOfTwo } from '../fft/index.ts';
import { filterWindow, type FilterContext, type FilterSpec } from './spec.ts';

export type RowPadding = 'zero' | 'edge';

export interface RowFilterOptions {
  /** 'zero' (default) or 'edge' (each side repeats the nearest edge value, so the row has no step) */
  padding?: RowPadding;
  /** per-view multiplier applied after filtering (e.g. angular spacing × the seed weight); default 1 */
  viewWeights?: ArrayLike<number>;
  /** thickness for sirtlike without its own (px) */
  thicknessPx?: number;
  /** write here instead of allocating (may be `projections` itself) */
  out?: Float32Array;
}

/** Padded FFT length for rows of nu pixels: a power of two ≥ 2·nu. */
export function paddedLength(nu: number): number {
  return nextPowerOfTwo(2 * nu);
}

const rampCache = new Map<number, Float64Array>();

/** DFT (real, even) of the Ram-Lak kernel over `length` samples; index k ↔ frequency min(k, L−k)/L. */
export function discreteRamp(length: number): Float64Array {
  const cached = rampCache.get(length);
  if (cached) return cached;
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  re[0] = 0.25;
  for (let n = 1; n < length / 2; n += 2) {
    const h = -1 / (Math.PI * Math.PI * n * n);
    re[n] = h;
    re[length - n] = h;
  }
  createFft(length).forward(re, im);
  rampCache.set(length, re);
  return re;
}

/** The gains G[k] = discreteRamp[k] · W(f_k) for a padded length (or all ones for `none`). */
export function filterSpectrum(spec: FilterSpec, length: number, ctx: FilterContext): Float64Array {
  const window = filterWindow(spec, ctx);
  const out = new Float64Array(length);
  if (!window) return out.fill(1);
  const ramp = discreteRamp(length);
  for (let k = 0; k < length; k++) out[k] = ramp[k] * window(Math.min(k, length - k) / length);
  return out;
}

/**
 * Filters every row of a projection stack (layout u + nu·(v + nv·view)). Two rows go through one complex
 * FFT (one as the real part, one as the imaginary part): the filter is real and even, so they do not mix.
 */
export function applyRowFilter(
  projections: Float32Array,
  nu: number,
  nv: number,
  nviews: number,
  filter: FilterSpec,
  opts: RowFilterOptions = {},
): Float32Array {
  if (projections.length !== nu * nv * nviews) {
    throw new WedgeLabError(
      'mismatch',
      `projections have ${projections.length} values; expected ${nu}×${nv}×${nviews} = ${nu * nv * nviews}`,
    );
  }
  if (opts.viewWeights && opts.viewWeights.length !== nviews) {
    throw new WedgeLabError('mismatch', `${opts.viewWeights.length} view weights for ${nviews} views`);
  }
  const out = opts.out ?? new Float32Array(projections.length);
  const length = paddedLength(nu);
  const gains = filterSpectrum(filter, length, { nu, thicknessPx: opts.thicknessPx });
  const fft = createFft(length);
  const re = new Float64Array(length);
  const im = new Float64Array(length);
  const edge = opts.padding === 'edge';
  const rows = nv * nviews;
  for (let r = 0; r < rows; r += 2) {
    const second = r + 1 < rows;
    loadRow(projections, r * nu, nu, re, edge);
    if (second) loadRow(projections, (r + 1) * nu, nu, im, edge);
    else im.fill(0);
    fft.forward(re, im);
    for (let k = 0; k < length; k++) {
      re[k] *= gains[k];
      im[k] *= gains[k];
    }
    fft.inverse(re, im);
    storeRow(out, r * nu, nu, re, weightOf(opts.viewWeights, Math.floor(r / nv)));
    if (second) storeRow(out, (r + 1) * nu, nu, im, weightOf(opts.viewWeights, Math.floor((r + 1) / nv)));
  }
  return out;
}

function weightOf(weights: ArrayLike<number> | undefined, view: number): number {
  return weights ? weights[view] : 1;
}

function loadRow(src: Float32Array, base: number, nu: number, dst: Float64Array, edge: boolean): void {
  for (let u = 0; u < nu; u++) dst[u] = src[base + u];
  const length = dst.length;
  if (!edge) {
    dst.fill(0, nu);
    return;
  }
  // the padded row is periodic: the right half of the pad repeats the last value, the left half (which
  // wraps round to precede u = 0) the first one
  const split = nu + Math.floor((length - nu) / 2);
  dst.fill(src[base + nu - 1], nu, split);
  dst.fill(src[base], split);
}

function storeRow(dst: Float32Array, base: number, nu: number, src: Float64Array, weight: number): void {
  for (let u = 0; u < nu; u++) dst[base + u] = src[u] * weight;
}
