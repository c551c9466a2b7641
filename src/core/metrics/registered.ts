/**
 * Pearson correlation of a volume with a reference after the best whole-voxel translation (circular
 * cross-correlation by FFT, searched within ±maxShift per axis). An alignment fixes the specimen only up to
 * a 3D translation (the views alone cannot tell where the tomogram sits), so comparing an aligned
 * reconstruction with the truth voxel by voxel would score that harmless shift as blur.
 */
import { WedgeLabError } from '../errors.ts';
import { fft3dInPlace, fftReal3d } from '../fft/index.ts';

export interface RegisteredCorrelation {
  correlation: number;
  /** the translation applied to `volume`, voxels (x, y, z): volume(p + shift) ≈ reference(p) */
  shiftVoxels: [number, number, number];
}

export function registeredCorrelation(
  volume: ArrayLike<number>,
  reference: ArrayLike<number>,
  dims: { nx: number; ny: number; nz: number },
  maxShift = 8,
): RegisteredCorrelation {
  const { nx, ny, nz } = dims;
  const n = nx * ny * nz;
  if (volume.length !== n || reference.length !== n) {
    throw new WedgeLabError(
      'mismatch',
      `registered correlation: ${volume.length} and ${reference.length} voxels for ${nx}×${ny}×${nz}`,
    );
  }
  const centred = (v: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < n; i++) m += v[i];
    m /= n;
    return Float64Array.from({ length: n }, (_, i) => v[i] - m);
  };
  const a = fftReal3d(centred(volume), nx, ny, nz);
  const b = fftReal3d(centred(reference), nx, ny, nz);
  // c(t) = Σ_p volume(p + t)·reference(p) = F⁻¹[A·conj(B)]
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = a.re[i] * b.re[i] + a.im[i] * b.im[i];
    im[i] = a.im[i] * b.re[i] - a.re[i] * b.im[i];
  }
  fft3dInPlace(re, im, nx, ny, nz, true);
  let best = -Infinity;
  let shift: [number, number, number] = [0, 0, 0];
  const lim = (len: number) => Math.min(maxShift, Math.floor((len - 1) / 2));
  for (let z = -lim(nz); z <= lim(nz); z++)
    for (let y = -lim(ny); y <= lim(ny); y++)
      for (let x = -lim(nx); x <= lim(nx); x++) {
        const v = re[((x + nx) % nx) + nx * (((y + ny) % ny) + ny * ((z + nz) % nz))];
        if (v > best) {
          best = v;
          shift = [x, y, z];
        }
      }
  // Pearson over the overlap at that shift (no wrap-around)
  const [sx, sy, sz] = shift;
  let cnt = 0,
    sa = 0,
    sb = 0,
    saa = 0,
    sbb = 0,
    sab = 0;
  for (let z = Math.max(0, -sz); z < Math.min(nz, nz - sz); z++)
    for (let y = Math.max(0, -sy); y < Math.min(ny, ny - sy); y++)
      for (let x = Math.max(0, -sx); x < Math.min(nx, nx - sx); x++) {
        const p = volume[x + sx + nx * (y + sy + ny * (z + sz))];
        const q = reference[x + nx * (y + ny * z)];
        cnt++;
        sa += p;
        sb += q;
        saa += p * p;
        sbb += q * q;
        sab += p * q;
      }
  const cov = sab - (sa * sb) / cnt;
  const den = Math.sqrt((saa - (sa * sa) / cnt) * (sbb - (sb * sb) / cnt));
  return { correlation: den > 0 ? cov / den : 0, shiftVoxels: shift };
}
