/**
 * The typed API of the recon worker (workers/recon.worker.ts) and of its main-thread fallback: simulate,
 * align, reconstruct and metrics as jobs with progress, cancel and live previews. Everything crossing the boundary
 * is structured-cloneable; volumes, slices and file bytes are transferred, never copied. Big volumes stay
 * where they were made (the worker keeps truths and reconstructions by id for metrics and slicing).
 */
import type { TeachSections } from './teachSections.ts';
import type { GeometryImportOptions } from '../core/geometry/index.ts';
import type { DeviceChoice, MethodChoice, Recipe } from '../pipeline/index.ts';
import type { Volume } from '../core/types.ts';
import type { OrthoSlices, VoxelPos } from './orthoSlices.ts';
import type { AlignJobResult, AlignmentSummary } from './alignTypes.ts';

export type PhantomChoice = 'spheres' | 'shapes' | 'shepp' | 'capsid' | 'vesicles' | 'beads';
export type OrderChoice = 'dose-symmetric' | 'bidirectional' | 'unidirectional';
export type { DeviceChoice, MethodChoice };

export interface SimulateJobRequest {
  phantom: PhantomChoice;
  nx: number;
  ny: number;
  /** truth thickness */
  nz: number;
  tiltMinDeg: number;
  tiltMaxDeg: number;
  tiltStepDeg: number;
  order: OrderChoice;
  /** e/Å² per view; absent or 0 = noise-free */
  doseEA2?: number;
  shiftSigmaPx?: number;
  axisErrorDeg?: number;
  seed?: number;
  /** file name prefix of the series ('sim-shapes' → sim-shapes.mrc + sim-shapes.tlt) */
  prefix: string;
}

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export interface SimulateJobResult {
  /** the tilt series and its .tlt, to open like dropped files */
  files: NamedBytes[];
  /** the truth stays in the worker (for metrics) under this id */
  truthId: number;
  truthDims: { nx: number; ny: number; nz: number };
  anglesDeg: number[];
  warnings: string[];
  seconds: number;
}

/** A recipe to run (src/pipeline) and the files it names, by name: Blobs pass by reference, not copied. */
export interface RecipeJobRequest {
  recipe: Recipe;
  files: Record<string, Blob>;
  /** the tab's memory budget (the page's browserBudgetBytes(): a worker cannot see ?budgetMB) */
  budgetBytes?: number;
}

/** load → align only: the recipe's align section on its stack */
export type AlignJobRequest = RecipeJobRequest;

export interface ReconstructJobRequest extends RecipeJobRequest {
  /** where the preview slices are cut (clamped; default the centre) */
  previewAt?: VoxelPos;
  /** where slab mode writes, in browser storage (the page picked it and holds its lock; see opfs.ts) */
  storageName?: string;
}

/** What every run reports besides its volume: the recipe as run (method defaults filled in). */
export interface RunSummary {
  recipe: Recipe;
  recipeHash: string;
  /** one line each: a GPU lost mid-job, fields the method ignores, … */
  warnings: string[];
  /** the tilt-axis angle used and where it came from ('recipe', 'TS.mdoc', 'default') */
  axisRotationDeg: number;
  axisFrom: string;
  /** the recipe aligned the series first (align.method ≠ none): what the align step found */
  alignment?: AlignmentSummary;
}

export interface JobProgress {
  /** 0..1 */
  fraction: number;
  /** seconds since the job started */
  elapsedS: number;
  /** estimated seconds left; null while unknown */
  etaS: number | null;
  stage: string;
  iteration?: number;
  iterations?: number;
  residual?: number;
}

export interface PreviewEvent {
  iteration: number;
  /** what the preview shows when not an iteration (slab mode: 'slab 3/7') */
  stage?: string;
  slices: OrthoSlices;
  window: { lo: number; hi: number };
  /** slices averaged per view (src/jobs/orthoSlabs.ts); absent: 1 */
  slabPx?: number;
}

export interface ReconstructJobResult extends RunSummary {
  kind: 'volume';
  /** cn: the trained networks as a .wlcn file (src/recon/cn/networkFile.ts), transferred */
  network?: Uint8Array;
  /** the reconstruction stays in the worker under this id (metrics, slices) */
  volumeId: number;
  /** a copy, transferred: the main thread slices it without asking the worker */
  volume: Volume;
  window: { lo: number; hi: number };
  method: MethodChoice;
  /** e.g. 'cpu (2 threads)', 'webgpu (nvidia ampere)', 'cpu-reference' */
  device: string;
  /** why this device (e.g. 'only a software adapter…') */
  deviceNote: string;
  seconds: number;
  voxelUpdatesPerSecond: number;
  residuals: number[];
  iterations: number;
}

/**
 * A reconstruction run in Y-slabs into browser storage (the volume did not fit the tab): never held whole,
 * so there are no kept volume, no metrics and only the three slices at the crosshair of the job's start.
 */
export interface SlabJobResult extends RunSummary {
  kind: 'slabs';
  /** the MRC in the Origin Private File System (src/jobs/opfs.ts) */
  fileName: string;
  fileBytes: number;
  slabs: number;
  slabRows: number;
  dims: { nx: number; ny: number; nz: number };
  slices: OrthoSlices;
  window: { lo: number; hi: number };
  method: MethodChoice;
  device: string;
  deviceNote: string;
  seconds: number;
  voxelUpdatesPerSecond: number;
  residuals: number[];
  iterations: number;
}

/** A volume in the worker (by id) or one sent along (transferred). */
export type VolumeArg = { id: number } | Volume;

export interface MetricsJobRequest {
  rec: VolumeArg;
  truth: VolumeArg;
  /** tilt angles for the directional FSC (present/missing) */
  tiltsDeg?: number[];
  /** the import options of the reconstruction: the directional-FSC mask follows them */
  importOptions?: GeometryImportOptions;
  /** shared-memory cancel flag (src/jobs/cancelFlag.ts): stops the synchronous per-slice loops */
  cancelFlag?: Int32Array;
}

/** An FSC crossing: cycles/px, and Å when the voxel size is known (null: unknown). */
export interface FscCrossingSummary {
  freqPerPx: number;
  resolutionA: number | null;
}

export interface FscCurves {
  freq: number[];
  all: number[];
  present?: number[];
  missing?: number[];
}

export interface MetricsJobResult {
  psnr: number;
  ssim: number;
  /** VIFp on the truth's 0–255 scale (vif(t, r, { scaleTo255: true }), as the CLI) */
  vif: number | null;
  /** metrics undefined for this pair (null above), with why */
  undefinedReasons?: Record<string, string>;
  /** first crossing of 0.143 (all); null when the curve never drops below */
  fsc143: FscCrossingSummary | null;
  /** first crossing of 0.5 (all); null when the curve never drops below */
  fsc05: FscCrossingSummary | null;
  /** Å per voxel; null when unknown */
  voxelSizeA: number | null;
  fsc: FscCurves;
  seconds: number;
}

/** The two half sets (src/pipeline/series/halfSets.ts) reconstructed with a recipe, then their FSC. */
export interface HalfSetJobRequest extends RecipeJobRequest {
  cancelFlag?: Int32Array;
}

export interface HalfSetJobResult {
  /** total (as `all`), present and missing */
  fsc: FscCurves;
  fsc143: FscCrossingSummary | null;
  fsc05: FscCrossingSummary | null;
  voxelSizeA: number | null;
  /** views in each half after exclusions */
  half1Views: number;
  half2Views: number;
  /** why it may overstate the resolution (unaligned views: both halves share the drift), or null */
  warning: string | null;
  seconds: number;
}

/** A CN result's saved networks evaluated K× finer, as MRC bytes (the page's `--upsample K`). */
export interface UpsampleJobRequest {
  /** the result's .wlcn file */
  network: Uint8Array;
  voxelSizeA: [number, number, number];
  /** the result's recipe with export.upsample and export.precision set: the file's label */
  recipe: Recipe;
  budgetBytes?: number;
  cancelFlag?: Int32Array;
}

/** Teaching mode's methods: CN refits from scratch on each change (minutes; its pictures follow the fit). */
export type TeachMethod = 'wbp' | 'sirt' | 'tv' | 'cn';

/** Teaching mode's update (src/jobs/teachRun.ts): a cube phantom, a tilt range, one method. */
export interface TeachJobRequest {
  phantom: PhantomChoice;
  /** the phantom's side, voxels (x = y = z) */
  size: number;
  tiltMinDeg: number;
  tiltMaxDeg: number;
  tiltStepDeg: number;
  method: TeachMethod;
  /** e/Å² per view; absent or 0 = noise-free */
  doseEA2?: number;
  /** the truth the page already holds (teachKey): it is not sent again */
  haveTruthKey?: string;
  budgetBytes?: number;
  /** shared-memory cancel flag: stops the FSC's loops */
  cancelFlag?: Int32Array;
}

/** An update's reconstruction, sent (transferred) before its FSC is computed. */
/**
 * One message of a teaching update: first the sections (WBP, SIRT: teachSections.ts) with the series, then
 * the volume; TV sends both at once. A message without `sections` or `sinogram` keeps the earlier one's.
 */
export interface TeachReconstruction {
  anglesDeg: number[];
  /** null until the whole volume is done */
  volume: Volume | null;
  /**
   * the middle XZ slice and the sum along y; null when an earlier message of this update had them, or (CN)
   * before the fit's first picture
   */
  sections: TeachSections | null;
  /** the phantom, with the first update of a phantom and size */
  truth?: Volume;
  /** with `truth`: its middle-row sinogram at every 1° from −90° to +90° (teachSinogram.ts), 181 × nx */
  truthSinogram?: Float32Array;
  /**
   * the series' middle-row sinogram (with the dose's noise), one row per entry of anglesDeg: views × nx;
   * with the update's first message only
   */
  sinogram: Float32Array | null;
  truthKey: string;
  device: string;
  warnings: string[];
  /** views projected for this update (the rest were kept from earlier ones) */
  newViews: number;
  simulateS: number;
  /** the 2-row reconstruction of the sections; null where the method has none (TV) or later messages */
  sectionsS: number | null;
  /** the whole volume; null until it is done */
  reconstructS: number | null;
  /** CN: the fit's steps so far and in all: with each picture of the fit, and alone between them */
  fit?: { step: number; total: number };
}

/** The directional FSC against the truth: band means below ¼ Nyquist (src/core/metrics/bandMean.ts). */
export interface TeachScore {
  present: number | null;
  missing: number | null;
  all: number | null;
  /** the curves, for the plot */
  fsc: FscCurves;
  fscS: number;
  totalS: number;
}

export type TeachCallback = (r: TeachReconstruction) => void;

export type ProgressCallback = (p: JobProgress) => void;
export type PreviewCallback = (p: PreviewEvent) => void;

/** Job ids are chosen by the caller (src/jobs/runner.ts), so it can cancel before the promise settles. */
export interface ReconApi {
  ping(): Promise<'pong'>;
  simulate(jobId: number, req: SimulateJobRequest, onProgress?: ProgressCallback): Promise<SimulateJobResult>;
  /** the whole volume in memory, or (when it does not fit the tab) Y-slabs written to browser storage */
  reconstruct(
    jobId: number,
    req: ReconstructJobRequest,
    onProgress?: ProgressCallback,
    onPreview?: PreviewCallback,
  ): Promise<ReconstructJobResult | SlabJobResult>;
  metrics(jobId: number, req: MetricsJobRequest, onProgress?: ProgressCallback): Promise<MetricsJobResult>;
  halfSet(jobId: number, req: HalfSetJobRequest, onProgress?: ProgressCallback): Promise<HalfSetJobResult>;
  /** a CN result K× finer as MRC bytes (transferred); refused before it starts when it cannot fit */
  upsampledMrc(jobId: number, req: UpsampleJobRequest, onProgress?: ProgressCallback): Promise<Uint8Array>;
  /** load → align only (the recipe's align section): the transforms, shifts and residuals, nothing written */
  align(jobId: number, req: AlignJobRequest, onProgress?: ProgressCallback): Promise<AlignJobResult>;
  /** the views resampled through the recipe's input.xf into export.alignedStack (a browser-storage name) */
  alignedStack(
    jobId: number,
    req: RecipeJobRequest,
    onProgress?: ProgressCallback,
  ): Promise<{ nviews: number }>;
  /**
   * moves the preview slices of a running job (and sets their slab thickness, kept for later previews);
   * returns fresh slices of its latest preview, if any
   */
  setPreviewPosition(jobId: number, at: VoxelPos, slabPx?: number): Promise<PreviewEvent | null>;
  /** a kept reconstruction as MRC bytes (transferred), labelled with the recipe it was made with */
  /** `made`: what made it, for the label (default: reconstruct METHOD) */
  volumeMrc(volume: number | VolumeArg, recipe: Recipe, made?: string): Promise<Uint8Array>;
  /** slices of a volume kept in the worker */
  slices(volumeId: number, at: VoxelPos): Promise<OrthoSlices>;
  /** teaching mode: series → reconstruction (sent to `onReconstruction`) → directional FSC (returned) */
  teach(jobId: number, req: TeachJobRequest, onReconstruction?: TeachCallback): Promise<TeachScore>;
  /** aborts the job: it rejects with code 'cancelled' within about 100 ms */
  cancel(jobId: number): Promise<void>;
  /** forgets a kept volume */
  release(volumeId: number): Promise<void>;
}
