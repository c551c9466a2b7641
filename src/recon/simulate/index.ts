/** Tilt-series simulator: see README.md for the image-formation model. */
export { simulateTiltSeries, massLeavesWarning, MASS_TOLERANCE } from './simulate.ts';
export { simulationFiles } from './outputs.ts';
export { projectVolume } from './project.ts';
export { warpImage } from './warp.ts';
export { samplePoisson, streamRng } from './poisson.ts';
export type {
  BeamOptions,
  SimPhantomOptions,
  SimulateHooks,
  SimulateOptions,
  SimulationFile,
  SimulationResult,
} from './types.ts';
