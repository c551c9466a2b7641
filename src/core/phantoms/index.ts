/** Public API of the phantom module (demo.ts, the app's built-in demo, is separate). */
export { makePhantom, isPhantomName, PHANTOM_NAMES } from './registry.ts';
export type { PhantomName, PhantomOptions, PhantomResult } from './registry.ts';
export {
  ellipsoidRayIntegral,
  shellRayIntegral,
  primitiveRayIntegral,
  projectEllipsoidsAnalytic,
} from './analytic.ts';
export type { ProjectionView, AnalyticProjectionOptions } from './analytic.ts';
export { marginForTilt, tiltExtentPx, volumeTiltExtentPx, ballFitsMargin, EDGE_PAD_PX } from './margin.ts';
export type { TiltMargin } from './margin.ts';
export { rasterize, rasterizeInto } from './rasterize.ts';
export type { RasterOptions } from './rasterize.ts';
export { gaussianLowpass, lowpassRadiusPx } from './lowpass.ts';
export { Rng } from './random.ts';
export * from './primitives.ts';
export type { Vec3, Mat3 } from './vec.ts';
export { SHEPP_LOGAN_MODEL13, tomophantomEllipsoid } from './shepp.ts';
export { bilayerGeometryPx, bilayerShells } from './vesicles.ts';
export { BEAD_DENSITY, beadRadiusPx } from './beads.ts';
