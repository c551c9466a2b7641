/**
 * Tilt-series binning by block averaging or Fourier cropping. Output views are ⌊nu/bin⌋ × ⌊nv/bin⌋.
 * Values are divided by `bin` on top of the resampling: a projection is a line integral in voxel units, and a
 * binned voxel is `bin` pixels long, so this keeps reconstructed densities at the same level as unbinned.
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
  // centre the kept blocks: the dropped remainder pixels are split between both sides
  const u0 = Math.floor((nu - mu * bin) / 2);
  const v0 = Math.floor((nv - mv * bin) / 2);
  const scale = 1 / (bin * bin * bin);
  for (let k = 0; k < nviews; k++) {
    for (let j = 0; j < mv; j++) {
      for (let i = 0; i < mu; i++) {
        let s = 0;
        for (let b = 0; b < bin; b++) {
          const row = k * nu * nv + (v0 + j * bin + b) * nu + u0 + i * bin;
          for (let a = 0; a < bin; a++) s += data[row + a];
        }
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
  // separable: crop every row along u, then every column along v; first trim to a multiple of bin (centred,
  // as averageBin) so the output spacing is exactly `bin` input pixels
  const u0 = Math.floor((nu - mu * bin) / 2);
  const v0 = Math.floor((nv - mv * bin) / 2);
  const rows = new Float32Array(mu * nv * nviews);
  const src = new Float64Array(mu * bin);
  const dst = new Float64Array(mu);
  for (let r = 0; r < nv * nviews; r++) {
    for (let i = 0; i < src.length; i++) src[i] = data[r * nu + u0 + i];
    fourierCrop1d(src, dst);
    for (let i = 0; i < mu; i++) rows[r * mu + i] = dst[i];
  }
  const out = new Float32Array(mu * mv * nviews);
  const col = new Float64Array(mv * bin);
  const colOut = new Float64Array(mv);
  for (let k = 0; k < nviews; k++) {
    for (let i = 0; i < mu; i++) {
      for (let j = 0; j < col.length; j++) col[j] = rows[i + mu * (v0 + j + nv * k)];
      fourierCrop1d(col, colOut);
      for (let j = 0; j < mv; j++) out[i + mu * (j + mv * k)] = colOut[j] / bin;
    }
  }
  return { data: out, nu: mu, nv: mv };
}

/**
 * Keeps the |k| < m/2 frequencies of an n-sample signal and resamples it to m samples with the same mean
 * (scale m/n). Output sample i is the band-limited signal at (n−1)/2 + (i − (m−1)/2)·n/m, so the centre maps
 * to the centre as in block averaging and in the geometry's ((n−1)/2) rotation centre. An even m's Nyquist bin
 * is dropped (after the sub-pixel shift it would not be real).
 */
export function fourierCrop1d(src: Float64Array, dst: Float64Array): void {
  const n = src.length;
  const m = dst.length;
  const re = Float64Array.from(src);
  const im = new Float64Array(n);
  createFft(n).forward(re, im);
  const ore = new Float64Array(m);
  const oim = new Float64Array(m);
  const shift = (n / m - 1) / 2;
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
