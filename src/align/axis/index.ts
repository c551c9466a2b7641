/** Geometry search: the tilt-axis angle (common lines) and the tilt-angle offset. */
export { searchTiltAxis, CLOSE_PEAK_RATIO, type AxisSearch, type AxisSearchOptions } from './searchAxis.ts';
export {
  searchTiltOffset,
  type OffsetMethod,
  type OffsetSearchOptions,
  type TiltOffsetSearch,
} from './offset.ts';
export type { ScorePoint } from './scan.ts';
