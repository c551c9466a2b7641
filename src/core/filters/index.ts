export {
  cosineResponse,
  hammingResponse,
  hannResponse,
  radialResponse,
  rampResponse,
  seedViewWeight,
  sheppLoganResponse,
  sirtLikeAlpha,
  sirtLikeResponse,
} from './responses.ts';
export {
  DEFAULT_FILTER,
  FILTER_NAMES,
  filterWindow,
  formatFilterSpec,
  parseFilterSpec,
  type FilterContext,
  type FilterSpec,
} from './spec.ts';
export {
  applyRowFilter,
  discreteRamp,
  filterSpectrum,
  paddedLength,
  type RowFilterOptions,
  type RowPadding,
} from './rowFilter.ts';
