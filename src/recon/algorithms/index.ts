export { angularWeights } from './angularWeights.ts';
export { binStack, fourierCrop1d, type BinMethod, type BinnedStack } from './binning.ts';
export {
  ConvergenceTracker,
  type IterativeOptions,
  type IterativeResult,
  type ReconHooks,
  type ReconProgress,
  type StopReason,
} from './hooks.ts';
export {
  MAX_THICKNESS_FACTOR,
  prepareSeries,
  validateInput,
  type PreparedSeries,
  type PrepareInput,
  type PrepareOptions,
} from './prepare.ts';
export {
  METHODS,
  reconstruct,
  type ProjectorFactory,
  type ReconMethod,
  type ReconstructRequest,
  type ReconstructResult,
} from './reconstruct.ts';
export {
  alignedGeometry,
  alignView,
  hasInPlaneTransform,
  slabCoupling,
  type SlabCoupling,
} from './slabGeometry.ts';
export {
  memoryRowSource,
  reconstructInSlabs,
  SLAB_METHODS,
  slabRanges,
  slabRefusal,
  type RowSource,
  type SlabReconstructRequest,
  type SlabReconstructResult,
  type VolumeSlab,
} from './slabs.ts';
export { makeSubsets, sart, sirt, type SirtOptions } from './sirt.ts';
export {
  SART_DEFAULTS,
  SIRT_DEFAULTS,
  WARM_STARTS,
  type IterativeDefaults,
  type WarmStart,
} from './sirtStart.ts';
export { estimateNormSquared, tv, type TvOptions, type TvResult } from './tv.ts';
export { divergence, totalVariation, TvProx } from './tvProx.ts';
export { resolveFilter, wbp, wbpViewWeights, type WbpOptions } from './wbp.ts';
