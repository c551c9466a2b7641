export * from './types.ts';
export { selectViews, fillExcludedShifts, type ViewSelection } from './views.ts';
export { xcorrAlign } from './xcorr/xcorrAlign.ts';
export { xcorrChain, type XcorrOptions, type ChainShifts } from './xcorr/chain.ts';
export { crossCorrelate, type Correlation } from './xcorr/correlate.ts';
export { alignmentWarnings, residualOutliers } from './warnings.ts';
export { binFor, binnedFrame, binView, sampleRaw, warpBinned, type BinnedFrame } from './image/frame.ts';
export {
  autoBandPass,
  taperedSpectrum,
  bandPassWeights,
  DEFAULT_BAND_PASS,
  type BandPass,
} from './image/spectrum.ts';
export { localCorrelate, gridPeak } from './xcorr/gridPeak.ts';
export { runAlignment, type AlignRunOptions } from './run.ts';
