export { createFft, isPowerOfTwo, nextPowerOfTwo, type FftArray, type FftPlan } from './fft.ts';
export { fft3dInPlace, fftReal3d, fftRealPair3d, type Complex3d } from './fft3d.ts';
