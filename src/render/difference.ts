/**
 * The difference of two slices of the same size, for Compare: B is first fitted to A by least squares
 * (a·B + c), since methods differ in scale and offset (WBP's filtered units against SIRT's densities) and a
 * plain A − B would show mostly that. The window is symmetric about 0 at the 99.5th percentile of |d|.
 */
import type { ContrastWindow } from './contrast.ts';

export interface SliceDifference {
  data: Float32Array;
  /** the fit of B to A */
  gain: number;
  offset: number;
  window: ContrastWindow;
  /** RMS of the difference over RMS of A about its mean */
  relativeRms: number;
}

export function fittedDifference(a: Float32Array, b: Float32Array): SliceDifference {
  if (a.length !== b.length)
    throw new Error(`slices of ${a.length} and ${b.length} voxels cannot be differenced`);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n || 1;
  mb /= n || 1;
  let sab = 0;
  let sbb = 0;
  let saa = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    sbb += db * db;
    saa += da * da;
  }
  const gain = sbb > 0 ? sab / sbb : 0;
  const offset = ma - gain * mb;
  const data = new Float32Array(n);
  const mags = new Float32Array(n);
  let sdd = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - (gain * b[i] + offset);
    data[i] = d;
    mags[i] = Math.abs(d);
    sdd += d * d;
  }
  mags.sort();
  const hi = mags[Math.min(n - 1, Math.floor(0.995 * n))] || 1;
  return { data, gain, offset, window: { lo: -hi, hi }, relativeRms: saa > 0 ? Math.sqrt(sdd / saa) : 0 };
}
