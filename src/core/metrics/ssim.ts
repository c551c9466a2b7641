import { WedgeLabError } from '../errors.ts';
import { gaussianFilter3d, gaussianKernel } from './gaussian.ts';
import { dataRangeOf } from './psnr.ts';
import { checkSameShape, mean, type VolumeInput } from './volumeInput.ts';

export interface SsimOptions {
  /** default: truth max − min (skimage needs it explicit for floats; we pass the same value) */
  dataRange?: number;
  /** Gaussian σ in voxels, default 1.5 */
  sigma?: number;
  k1?: number;
  k2?: number;
}

/**
 * Mean SSIM of a 3D volume, defined as scikit-image 0.19's
 * structural_similarity(truth, rec, data_range, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False): separable Gaussian truncated at 3.5σ (radius int(3.5σ+0.5) = 5), scipy
 * 'reflect' boundaries, population covariances, mean over the interior cropped by (win−1)/2 per side.
 * Means are subtracted before the second moments so Float32 storage does not cancel catastrophically.
 */
export function ssim3d(truth: VolumeInput, rec: VolumeInput, options: SsimOptions = {}): number {
  checkSameShape(truth, rec, 'ssim');
  const sigma = options.sigma ?? 1.5;
  const k1 = options.k1 ?? 0.01;
  const k2 = options.k2 ?? 0.03;
  const range = options.dataRange ?? dataRangeOf(truth);
  if (!(range > 0)) {
    throw new WedgeLabError('bad-argument', `ssim: data range must be > 0 (got ${range}); pass dataRange`);
  }
  const kernel = gaussianKernel(sigma, 3.5);
  const win = kernel.length;
  const { nx, ny, nz } = truth;
  if (nx < win || ny < win || nz < win) {
    throw new WedgeLabError(
      'bad-argument',
      `ssim: volume ${nx}×${ny}×${nz} is smaller than the ${win}-voxel window on some axis; use a volume of at least ${win}³`,
    );
  }
  const dims: [number, number, number] = [nx, ny, nz];
  const n = nx * ny * nz;
  const a = truth.data;
  const b = rec.data;
  const ma = mean(a);
  const mb = mean(b);
  const ux = new Float32Array(n);
  const uy = new Float32Array(n);
  const uxx = new Float32Array(n);
  const uyy = new Float32Array(n);
  const uxy = new Float32Array(n);
  const tmp = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma;
    const y = b[i] - mb;
    ux[i] = x;
    uy[i] = y;
    uxx[i] = x * x;
    uyy[i] = y * y;
    uxy[i] = x * y;
  }
  for (const buf of [ux, uy, uxx, uyy, uxy]) gaussianFilter3d(buf, dims, kernel, buf, tmp);

  const c1 = (k1 * range) ** 2;
  const c2 = (k2 * range) ** 2;
  const pad = (win - 1) >> 1;
  let sum = 0;
  let count = 0;
  for (let z = pad; z < nz - pad; z++) {
    for (let y = pad; y < ny - pad; y++) {
      const row = nx * (y + ny * z);
      for (let x = pad; x < nx - pad; x++) {
        const i = row + x;
        const cx = ux[i];
        const cy = uy[i];
        const vx = uxx[i] - cx * cx;
        const vy = uyy[i] - cy * cy;
        const vxy = uxy[i] - cx * cy;
        const mux = cx + ma;
        const muy = cy + mb;
        const num = (2 * mux * muy + c1) * (2 * vxy + c2);
        const den = (mux * mux + muy * muy + c1) * (vx + vy + c2);
        sum += num / den;
        count++;
      }
    }
  }
  return sum / count;
}
