/**
 * Tilt-series binning by block averaging or Fourier cropping. Output views are ⌊nu/bin⌋ × ⌊nv/bin⌋.
 * Values are divided by `bin` on top of the resampling: a projection is a line integral in voxel units, and a
 * binned voxel is `bin` pixels long, so this keeps reconstructed densities at the same level as unbinned.
 *
 * The binned grid is centred exactly: binned pixel i sits at unbinned (n − 1)/2 + (i − (m − 1)/2)·bin, so the
 * binned detector's centre ((m − 1)/2, where the projectors put the tilt axis) is the unbinned one whatever
 * n mod bin. When the left-over r = n − m·bin is even the blocks start at r/2; when it is odd the centres fall
 * halfway between pixels, and each binned pixel averages bin + 1 pixels with half weight at both ends (the
 * mean of the two neighbouring blocks). Fourier binning shifts by the same half pixel in the phase.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { createFft } from '../../core/fft/index.ts';

export type BinMethod = 'average' | 'fourier';

export interface BinnedStack {
  data: Float32Array;
  nu: number;
  nv: number;
}

export function binStack(
  data: Float32Array,
  nu: number,
  nv: number,
  nviews: number,
  bin: number,
  method: BinMethod = 'average',
): BinnedStack {
  if (!Number.isInteger(bin) || bin < 1)
    throw new WedgeLabError('bad-argument', `bin = ${bin}; expected an integer ≥ 1`);
  if (bin === 1) return { data, nu, nv };
  const mu = Math.floor(nu / bin);
  const mv = Math.floor(nv / bin);
  if (mu < 2 || mv < 2) {
    throw new WedgeLabError(
      'bad-argument',
      `bin ${bin} leaves ${mu}×${mv} views from ${nu}×${nv}; use a smaller bin`,
    );
  }
  return method === 'fourier'
    ? fourierBin(data, nu, nv, nviews, bin, mu, mv)
    : averageBin(data, nu, nv, nviews, bin, mu, mv);
}

/** The taps of one binned pixel along an axis of n pixels: first pixel of binned pixel 0, and the weights. */
export function binTaps(n: number, bin: number): { start: number; weights: Float64Array } {
  const r = n - Math.floor(n / bin) * bin;
  if (r % 2 === 0) return { start: r / 2, weights: new Float64Array(bin).fill(1) };
  const weights = new Float64Array(bin + 1).fill(1);
  weights[0] = 0.5;
  weights[bin] = 0.5;
  return { start: (r - 1) / 2, weights };
}

function averageBin(
  data: Float32Array,
  nu: number,
  nv: number,
  nviews: number,
  bin: number,
  mu: number,
  mv: number,
): BinnedStack {
  const out = new Float32Array(mu * mv * nviews);
  const tu = binTaps(nu, bin);
  const tv = binTaps(nv, bin);
  const scale = 1 / (bin * bin * bin);
  const rows = new Float64Array(mu * nv); // one view binned along u
  for (let k = 0; k < nviews; k++) {
    for (let j = 0; j < nv; j++) {
      const src = k * nu * nv + j * nu + tu.start;
      for (let i = 0; i < mu; i++) {
        let s = 0;
        for (let a = 0; a < tu.weights.length; a++) s += tu.weights[a] * data[src + i * bin + a];
        rows[i + mu * j] = s;
      }
    }
    for (let j = 0; j < mv; j++) {
      const first = tv.start + j * bin;
      for (let i = 0; i < mu; i++) {
        let s = 0;
        for (let b = 0; b < tv.weights.length; b++) s += tv.weights[b] * rows[i + mu * (first + b)];
        out[i + mu * (j + mv * k)] = s * scale;
      }
    }
  }
  return { data: out, nu: mu, nv: mv };
}

function fourierBin(
  data: Float32Array,
  nu: number,
  nv: number,
  nviews: number,
  bin: number,
  mu: number,
  mv: number,
): BinnedStack {
  // separable: crop every row along u, then every column along v; first trim to a multiple of bin so the
  // output spacing is exactly `bin` input pixels, then shift by what the trim missed (0 or half a pixel)
  const u0 = Math.floor((nu - mu * bin) / 2);
  const v0 = Math.floor((nv - mv * bin) / 2);
  const uShift = (nu - mu * bin) / 2 - u0;
  const vShift = (nv - mv * bin) / 2 - v0;
  const rows = new Float32Array(mu * nv * nviews);
  const src = new Float64Array(mu * bin);
  const dst = new Float64Array(mu);
  for (let r = 0; r < nv * nviews; r++) {
    for (let i = 0; i < src.length; i++) src[i] = data[r * nu + u0 + i];
    fourierCrop1d(src, dst, uShift);
    for (let i = 0; i < mu; i++) rows[r * mu + i] = dst[i];
  }
  const out = new Float32Array(mu * mv * nviews);
  const col = new Float64Array(mv * bin);
  const colOut = new Float64Array(mv);
  for (let k = 0; k < nviews; k++) {
    for (let i = 0; i < mu; i++) {
      for (let j = 0; j < col.length; j++) col[j] = rows[i + mu * (v0 + j + nv * k)];
      fourierCrop1d(col, colOut, vShift);
      for (let j = 0; j < mv; j++) out[i + mu * (j + mv * k)] = colOut[j] / bin;
    }
  }
  return { data: out, nu: mu, nv: mv };
}

/**
 * Keeps the |k| < m/2 frequencies of an n-sample signal and resamples it to m samples with the same mean
 * (scale m/n). Output sample i is the band-limited signal at (n−1)/2 + (i − (m−1)/2)·n/m, so the centre maps
 * to the centre as in block averaging and in the geometry's ((n−1)/2) rotation centre; `offsetPx` moves every
 * output sample by that many input samples. An even m's Nyquist bin is dropped (after the sub-pixel shift it
 * would not be real).
 */
export function fourierCrop1d(src: Float64Array, dst: Float64Array, offsetPx = 0): void {
  const n = src.length;
  const m = dst.length;
  const re = Float64Array.from(src);
  const im = new Float64Array(n);
  createFft(n).forward(re, im);
  const ore = new Float64Array(m);
  const oim = new Float64Array(m);
  const shift = (n / m - 1) / 2 + offsetPx;
  const half = Math.floor((m - 1) / 2);
  const put = (kSigned: number, from: number, to: number) => {
    const a = (2 * Math.PI * kSigned * shift) / n;
    const c = Math.cos(a);
    const s = Math.sin(a);
    ore[to] = re[from] * c - im[from] * s;
    oim[to] = re[from] * s + im[from] * c;
  };
  for (let k = 0; k <= half; k++) {
    put(k, k, k);
    if (k > 0) put(-k, n - k, m - k);
  }
  createFft(m).inverse(ore, oim);
  const scale = m / n;
  for (let i = 0; i < m; i++) dst[i] = ore[i] * scale;
}
