export type { VolumeInput } from './volumeInput.ts';
export { subHooks, throwIfAborted, type MetricHooks } from './hooks.ts';
export { psnr, mse, dataRangeOf } from './psnr.ts';
export { ssim3d, type SsimOptions } from './ssim.ts';
export { vif, type VifOptions } from './vif.ts';
export {
  fsc,
  fscByRegion,
  crossing,
  type FscOptions,
  type FscResult,
  type FscCrossing,
  type RegionOf,
} from './fsc.ts';
export {
  directionalFsc,
  createWedgeClassifier,
  PRESENT,
  MISSING,
  type TiltGeometry,
  type DirectionalFscResult,
} from './directionalFsc.ts';
export { halfSetFsc, splitOddEven, type HalfSetFscResult } from './halfSet.ts';
export {
  fwhm,
  lineProfile,
  snr,
  trilinear,
  type Box,
  type FwhmOptions,
  type FwhmResult,
  type LineProfile,
  type LineProfileOptions,
  type SnrResult,
  type Vec3,
} from './profile.ts';
export { gaussianKernel, gaussianFilter3d } from './gaussian.ts';
export { alignmentError, type AlignmentErrorResult } from './alignment.ts';
export { registeredCorrelation, type RegisteredCorrelation } from './registered.ts';
export { optionalMetric, type OptionalMetric } from './optional.ts';
export { bandMean, QUARTER_NYQUIST_PER_PX } from './bandMean.ts';
