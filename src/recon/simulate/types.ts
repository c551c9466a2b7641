// Options and result of simulateTiltSeries. Units live in the names: degrees, e/Å², Å, pixels, nm.
import type { AcquisitionOrder, CtfParams } from '../../core/acquisition/index.ts';
import type { TiltSeries, Volume } from '../../core/types.ts';
import type { XfTransform } from '../../io/meta/index.ts';

export interface SimPhantomOptions {
  /** spheres | shapes | shepp | capsid | vesicles | beads */
  name: string;
  nx: number;
  ny: number;
  nz: number;
  /** Gaussian low-pass of the phantom, voxels */
  lowpassSigmaPx?: number;
  /** tilt the phantom's margin is designed for; default the largest |true tilt| of the series */
  maxTiltDeg?: number;
}

export interface BeamOptions {
  /** specimen (ice) thickness at 0° */
  thicknessNm: number;
  /** inelastic mean free path; default 350 nm (300 kV, vitreous ice) */
  meanFreePathNm?: number;
}

export interface SimulateOptions {
  /** the truth: a phantom to generate, or a given volume (exactly one of the two) */
  phantom?: SimPhantomOptions;
  volume?: Volume;
  /** seeds the phantom, the shifts and the noise; default 1 */
  seed?: number;
  /** tilts: an explicit list (stack order), or a range with a step (ascending) */
  anglesDeg?: readonly number[];
  tiltRangeDeg?: readonly [number, number];
  tiltStepDeg?: number;
  /** default 'dose-symmetric' */
  order?: AcquisitionOrder;
  /** dose of each view, e/Å²; absent = noise-free and undamaged */
  doseEA2?: number;
  /** Grant & Grigorieff damping from the dose received so far; default true when a dose is given */
  doseDamping?: boolean;
  /** shot noise at the dose; default true when a dose is given (false: damping without noise, for teaching) */
  noise?: boolean;
  /** Å per pixel (and per voxel); default the phantom's own voxel size */
  pixelSizeA?: number;
  /**
   * Beer–Lambert contrast: μ·max(0° ray sum of the truth). μ converts projection units to optical depth,
   * so the densest ray at 0° transmits exp(−contrast) of the beam. Default 0.1.
   */
  contrast?: number;
  /** per-view random shifts, Gaussian sigma in pixels (both axes) */
  shiftSigmaPx?: number;
  /** in-plane rotation of the tilt axis in the raw images, degrees CCW from +y (same for every view) */
  axisErrorDeg?: number;
  /** added to every nominal tilt: the stage's true angle is nominal + offset; the .tlt keeps the nominal */
  angleOffsetDeg?: number;
  /** weak-phase CTF applied per view (no defocus gradient across the tilted specimen) */
  ctf?: CtfParams;
  /** cos-law beam attenuation by the specimen: effective dose × exp(−t / (λ·cos θ)) */
  beam?: BeamOptions;
}

export interface SimulateHooks {
  /** fraction in [0, 1] with a short note; called at least once per view */
  onProgress?: (fraction: number, detail: string) => void;
  /** aborting throws WedgeLabError('cancelled') at the next view */
  signal?: AbortSignal;
}

export interface SimulationResult {
  /** nx × ny × nviews, views in stack order with nominal angle, dose and acquisition index */
  tiltSeries: TiltSeries;
  /** the volume that was projected, nx × ny × nz, voxel size = pixel size */
  truth: Volume;
  /** per view, IMOD .xf semantics: maps the simulated raw image onto the aligned one */
  truthXf: XfTransform[];
  /** nominal tilt angles (what the .tlt says) */
  anglesDeg: number[];
  /** the angles actually used: nominal + angleOffsetDeg */
  trueAnglesDeg: number[];
  /** dose received before each view, e/Å² (zeros without a dose) */
  priorDoseEA2: number[];
  /** μ of the Beer–Lambert model (per projection unit); undefined for a noise-free series */
  attenuationPerUnit?: number;
  /** fraction of the truth's mass that left the detector in each view (before CTF/noise) */
  massLostFraction: number[];
  warnings: string[];
}

/** The four outputs of a simulation, pure bytes: the CLI (or the app) decides where they go. */
export interface SimulationFile {
  path: string;
  bytes: Uint8Array;
}
