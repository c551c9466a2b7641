/** Gold-bead fiducial alignment (README.md in this folder). */
export { beadAlign, TRACK_SNR, type BeadAlignOptions, type BeadAlignResult } from './beadAlign.ts';
export type { BeadReport, BeadObservationReport } from './report.ts';
export type { Polarity, BeadCandidate } from './detect.ts';
export { solveFixedAxis, type BeadModel, type ModelInput, type Observation } from './solve.ts';
export { fitBeadModel, predictRaw } from './fit.ts';
