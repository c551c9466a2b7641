/** Projection-matching refinement of a coarse alignment: `projectionMatch`. */
export { projectionMatch } from './projectionMatch.ts';
export { PM_BAND_PASS, type PmOptions } from './options.ts';
