/**
 * 3D FFT, axis by axis, in place on real/imaginary arrays indexed x + nx*(y + ny*z) (the Volume layout).
 * Each line is gathered into a Float64 scratch buffer, so Float32 storage halves memory without losing
 * precision inside a 1D transform. Strided axes are gathered a plane at a time (contiguous reads in x).
 */
import { WedgeLabError } from '../errors.ts';
import { createFft, type FftArray } from './fft.ts';

/** Optional progress (fraction of the whole 3D transform, per plane) and cancel (checked per plane). */
export interface Fft3dHooks {
  onProgress?: (fraction: number) => void;
  signal?: { readonly aborted: boolean };
}

/** Per-plane callback of one pass: planes done of this pass → overall fraction; throws when cancelled. */
type PlaneHook = ((planesDone: number) => void) | null;

function passHook(hooks: Fft3dHooks | undefined, before: number, planes: number, total: number): PlaneHook {
  if (!hooks || (!hooks.onProgress && !hooks.signal)) return null;
  return (done) => {
    if (hooks.signal?.aborted) throw new WedgeLabError('cancelled', 'FFT: cancelled');
    hooks.onProgress?.((before + done) / total);
  };
}

export interface Complex3d {
  nx: number;
  ny: number;
  nz: number;
  re: Float32Array;
  im: Float32Array;
}

export function fft3dInPlace(
  re: FftArray,
  im: FftArray,
  nx: number,
  ny: number,
  nz: number,
  inverse = false,
  hooks?: Fft3dHooks,
): void {
  if (re.length !== nx * ny * nz || im.length !== nx * ny * nz) {
    throw new RangeError(`fft3d: arrays of ${re.length}/${im.length} values for ${nx}×${ny}×${nz}`);
  }
  // progress unit: one plane of lines (x pass and y pass per z plane, z pass per y row)
  const total = 2 * nz + ny;
  transformX(re, im, nx, ny, nz, inverse, passHook(hooks, 0, nz, total));
  // y lines: stride nx, for each z plane
  transformStrided(re, im, nx, ny, nz, nx, nx * ny, inverse, passHook(hooks, nz, nz, total));
  // z lines: stride nx*ny, for each y row
  transformStrided(re, im, nx, nz, ny, nx * ny, nx, inverse, passHook(hooks, 2 * nz, ny, total));
}

/** Forward 3D FFT of a real volume; the result is the full (Hermitian) complex spectrum in Float32. */
export function fftReal3d(data: ArrayLike<number>, nx: number, ny: number, nz: number): Complex3d {
  const re = Float32Array.from(data);
  const im = new Float32Array(re.length);
  fft3dInPlace(re, im, nx, ny, nz);
  return { nx, ny, nz, re, im };
}

/**
 * Two real volumes in one complex FFT: Z = FFT(a + i b). Unpack with A(k) = (Z(k) + conj Z(−k))/2,
 * B(k) = (Z(k) − conj Z(−k))/(2i). Half the work and memory of two transforms.
 */
export function fftRealPair3d(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  nx: number,
  ny: number,
  nz: number,
  hooks?: Fft3dHooks,
): Complex3d {
  const re = Float32Array.from(a);
  const im = Float32Array.from(b);
  fft3dInPlace(re, im, nx, ny, nz, false, hooks);
  return { nx, ny, nz, re, im };
}

function transformX(
  re: FftArray,
  im: FftArray,
  nx: number,
  ny: number,
  nz: number,
  inverse: boolean,
  onPlane: PlaneHook,
): void {
  const plan = createFft(nx);
  const lr = new Float64Array(nx);
  const li = new Float64Array(nx);
  const nLines = ny * nz;
  for (let line = 0, off = 0; line < nLines; line++, off += nx) {
    if (onPlane && line % ny === 0) onPlane(line / ny);
    for (let i = 0; i < nx; i++) {
      lr[i] = re[off + i];
      li[i] = im[off + i];
    }
    if (inverse) plan.inverse(lr, li);
    else plan.forward(lr, li);
    for (let i = 0; i < nx; i++) {
      re[off + i] = lr[i];
      im[off + i] = li[i];
    }
  }
}

/**
 * Transform lines of length `len` and stride `stride`, for nx columns × `nOuter` outer positions
 * (outer offset `outerStride`). All nx lines of one outer position are gathered together.
 */
function transformStrided(
  re: FftArray,
  im: FftArray,
  nx: number,
  len: number,
  nOuter: number,
  stride: number,
  outerStride: number,
  inverse: boolean,
  onPlane: PlaneHook = null,
): void {
  if (len === 1) return;
  const plan = createFft(len);
  const br = new Float64Array(nx * len);
  const bi = new Float64Array(nx * len);
  const lr = new Float64Array(len);
  const li = new Float64Array(len);
  for (let o = 0; o < nOuter; o++) {
    onPlane?.(o);
    const base = o * outerStride;
    for (let j = 0; j < len; j++) {
      const src = base + j * stride;
      for (let x = 0; x < nx; x++) {
        br[x * len + j] = re[src + x];
        bi[x * len + j] = im[src + x];
      }
    }
    for (let x = 0; x < nx; x++) {
      const off = x * len;
      for (let j = 0; j < len; j++) {
        lr[j] = br[off + j];
        li[j] = bi[off + j];
      }
      if (inverse) plan.inverse(lr, li);
      else plan.forward(lr, li);
      for (let j = 0; j < len; j++) {
        br[off + j] = lr[j];
        bi[off + j] = li[j];
      }
    }
    for (let j = 0; j < len; j++) {
      const dst = base + j * stride;
      for (let x = 0; x < nx; x++) {
        re[dst + x] = br[x * len + j];
        im[dst + x] = bi[x * len + j];
      }
    }
  }
}
