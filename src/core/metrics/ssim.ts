import { WedgeLabError } from '../errors.ts';
import { gaussianKernel } from './gaussian.ts';
import { throwIfAborted, type MetricHooks } from './hooks.ts';
import { momentScratch, moments2d } from './moments.ts';
import { dataRangeOf } from './psnr.ts';
import { checkSameShape, mean, type VolumeInput } from './volumeInput.ts';

export interface SsimOptions extends MetricHooks {
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
 * The crop equals the kernel radius, so no kept voxel sees the boundary: only interior outputs are
 * computed (moments2d per z plane, then the z pass fused with the SSIM sum). Means are subtracted
 * first so the Float32 intermediates do not cancel catastrophically in E[x²] − E[x]².
 * Progress: the xy pass reports per z plane up to 0.5, the z pass per output plane up to 1.
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
  const r = (win - 1) >> 1;
  const { nx, ny, nz } = truth;
  if (nx < win || ny < win || nz < win) {
    throw new WedgeLabError(
      'bad-argument',
      `ssim: volume ${nx}×${ny}×${nz} is smaller than the ${win}-voxel window on some axis; use a volume of at least ${win}³`,
    );
  }
  const ma = mean(truth.data);
  const mb = mean(rec.data);
  // xy-filtered moments of every z plane on the interior rectangle
  const rect = { x0: r, x1: nx - r, y0: r, y1: ny - r };
  const plane = (nx - 2 * r) * (ny - 2 * r);
  const xy = [0, 1, 2, 3, 4].map(() => new Float32Array(plane * nz));
  const scratch = momentScratch(ny, nx - 2 * r);
  const { onProgress, signal } = options;
  for (let z = 0; z < nz; z++) {
    throwIfAborted(signal, 'ssim');
    onProgress?.((0.5 * z) / nz);
    moments2d(truth.data, rec.data, z * nx * ny, nx, ma, mb, kernel, rect, scratch, xy, z * plane);
  }
  const c1 = (k1 * range) ** 2;
  const c2 = (k2 * range) ** 2;
  const acc = [0, 1, 2, 3, 4].map(() => new Float64Array(plane));
  let sum = 0;
  for (let z = r; z < nz - r; z++) {
    throwIfAborted(signal, 'ssim');
    onProgress?.(0.5 + (0.5 * (z - r)) / (nz - 2 * r));
    for (let q = 0; q < 5; q++) {
      const dst = acc[q];
      const src = xy[q];
      dst.fill(0);
      for (let k = 0; k < win; k++) {
        const wk = kernel[k];
        const off = (z - r + k) * plane;
        for (let i = 0; i < plane; i++) dst[i] += wk * src[off + i];
      }
    }
    const [ux, uy, uxx, uyy, uxy] = acc;
    for (let i = 0; i < plane; i++) {
      const cx = ux[i];
      const cy = uy[i];
      const vx = uxx[i] - cx * cx;
      const vy = uyy[i] - cy * cy;
      const vxy = uxy[i] - cx * cy;
      const mux = cx + ma;
      const muy = cy + mb;
      sum += ((2 * mux * muy + c1) * (2 * vxy + c2)) / ((mux * mux + muy * muy + c1) * (vx + vy + c2));
    }
  }
  onProgress?.(1);
  return sum / (plane * (nz - 2 * r));
}
