/**
 * The 2D power spectrum of a real image, with the zero frequency moved to the centre (the Fourier view's
 * picture). Rows then columns through the 1D plans of fft.ts; Float64 throughout, so the log of tiny powers
 * (inside a missing wedge) is not rounding noise.
 */
import { createFft } from './fft.ts';

/**
 * |DFT|² of a width × height image (x fastest). Output index (i, j) holds frequency
 * (i − ⌊width/2⌋, j − ⌊height/2⌋) in cycles per image: the origin at (⌊w/2⌋, ⌊h/2⌋), +k to the right and up
 * the rows, as `fftshift` lays it out.
 */
export function powerSpectrum2d(data: ArrayLike<number>, width: number, height: number): Float64Array {
  if (data.length !== width * height) {
    throw new RangeError(`powerSpectrum2d: ${data.length} values for ${width}×${height}`);
  }
  const re = Float64Array.from(data);
  const im = new Float64Array(re.length);
  const rowPlan = createFft(width);
  const rowRe = new Float64Array(width);
  const rowIm = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    rowRe.set(re.subarray(o, o + width));
    rowIm.fill(0);
    rowPlan.forward(rowRe, rowIm);
    re.set(rowRe, o);
    im.set(rowIm, o);
  }
  const colPlan = createFft(height);
  const colRe = new Float64Array(height);
  const colIm = new Float64Array(height);
  const out = new Float64Array(re.length);
  const cx = Math.floor(width / 2);
  const cy = Math.floor(height / 2);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      colRe[y] = re[x + width * y];
      colIm[y] = im[x + width * y];
    }
    colPlan.forward(colRe, colIm);
    const ox = (x + cx) % width;
    for (let y = 0; y < height; y++) {
      out[ox + width * ((y + cy) % height)] = colRe[y] * colRe[y] + colIm[y] * colIm[y];
    }
  }
  return out;
}

/**
 * The image less its mean, with a cosine taper over `fraction` of each border: the box's edges would
 * otherwise put a bright cross through the origin (a step at the top and bottom of an XZ section is power
 * along kz, right inside the missing wedge).
 */
export function taperedSection(
  data: ArrayLike<number>,
  width: number,
  height: number,
  fraction = 0.1,
): Float64Array {
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i];
  mean /= data.length || 1;
  const wx = edgeWeights(width, fraction);
  const wy = edgeWeights(height, fraction);
  const out = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[x + width * y] = (data[x + width * y] - mean) * wx[x] * wy[y];
  }
  return out;
}

function edgeWeights(n: number, fraction: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = Math.floor(n * fraction);
  for (let i = 0; i < ramp; i++) {
    const v = 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / ramp);
    w[i] = v;
    w[n - 1 - i] = v;
  }
  return w;
}

/** log10 of each power plus a floor (1e-12 of the peak), so empty wedge pixels stay finite. */
export function logPower(power: ArrayLike<number>): Float32Array {
  let peak = 0;
  for (let i = 0; i < power.length; i++) if (power[i] > peak) peak = power[i];
  const floor = peak > 0 ? peak * 1e-12 : 1e-30;
  const out = new Float32Array(power.length);
  for (let i = 0; i < power.length; i++) out[i] = Math.log10(power[i] + floor);
  return out;
}
