/**
 * Simulate / reconstruct / metrics state: the panels' parameters, the running compute job and small
 * results (numbers and FSC curves of a few dozen points). Never volumes or slices: those live in
 * src/jobs (volume cache, ortho feed) and in the worker.
 */
import { create } from 'zustand';
import { cnDefaults, METHOD_DEFAULTS, type Recipe } from '../pipeline/index.ts';
import type { GeometryImportOptions } from '../core/geometry/index.ts';
import type { AlignmentSummary } from '../jobs/alignTypes.ts';
import type {
  DeviceChoice,
  HalfSetJobResult,
  JobProgress,
  MethodChoice,
  MetricsJobResult,
  OrderChoice,
  PhantomChoice,
} from '../jobs/reconTypes.ts';

export interface SimParams {
  phantom: PhantomChoice;
  /** nx = ny */
  size: number;
  /** truth thickness nz */
  thickness: number;
  tiltMinDeg: number;
  tiltMaxDeg: number;
  tiltStepDeg: number;
  order: OrderChoice;
  /** e/Å² per view, 0 = noise-free */
  doseEA2: number;
  shiftSigmaPx: number;
  axisErrorDeg: number;
}

export interface ReconParams {
  method: MethodChoice;
  /** WBP filter spec as typed (src/core/filters parseFilterSpec validates it) */
  filter: string;
  iterations: number;
  /** tv: the TV weight λ (density units) */
  lambda: number;
  /** sirt/sart: relaxation λ in (0, 2) */
  relaxation: number;
  /** sart/sirt ordered subsets; 0 = the method's default */
  subsets: number;
  positivity: boolean;
  thickness: number;
  /** unbinned px */
  zOffset: number;
  /** 1-based view numbers, IMOD EXCLUDELIST style ("1,4,7-9") */
  exclude: string;
  bin: number;
  device: DeviceChoice;
  /** tilt-axis angle of the raw images, degrees CCW from +Y, as typed; '' = the .mdoc's, else 0 */
  axisRotation: string;
  /** resample a rotated / shifted series once into an aligned stack first */
  prealign: boolean;
  /** sirt/sart: start from zeros or from the WBP */
  warmStart: 'zero' | 'wbp';
  /** the recipe's align section: method and axis search in the panel, the rest kept from an opened recipe */
  align: Recipe['align'];
  /** cn: fast (ours) or paper (WUCON's schedule), and the network's size */
  cnMode: 'fast' | 'paper';
  width: number;
  depth: number;
  /** cn: a saved network (.wlcn) to continue from; a file handle, never its bytes */
  network: File | null;
}

/** The alignment the page holds (Align only, or a reconstruction that aligned first): plots and files. */
export interface AlignmentState extends AlignmentSummary {
  datasetId: number;
  /** alignmentKey of its recipe (src/jobs/alignReuse.ts): the next Reconstruct reuses it if equal */
  key: string;
  /** 'align-only': Align only made it; 'reconstruct': the last reconstruction aligned the series itself */
  source: 'align-only' | 'reconstruct';
  /** the stack's name, for the download names */
  stack: string;
  /** views the user nudged in the Alignment tab's movie: view → the total [dx, dy] px added to its .xf */
  nudges?: Record<number, [number, number]>;
}

/** The job's loss history with this progress's (iteration, residual) appended, for a cn job. */
function withLoss(job: ComputeJob, p: JobProgress): ComputeJob['lossHistory'] {
  const h = job.lossHistory ?? { steps: [], losses: [] };
  if (!job.label.includes('CN') || p.iteration === undefined || p.residual === undefined)
    return job.lossHistory;
  if (p.iteration <= (h.steps.at(-1) ?? -1)) return h;
  const steps = [...h.steps, p.iteration];
  const losses = [...h.losses, p.residual];
  // halve when long: every other point (the curve's shape survives, the store stays small)
  return steps.length > 800
    ? { steps: steps.filter((_, i) => i % 2 === 0), losses: losses.filter((_, i) => i % 2 === 0) }
    : { steps, losses };
}

/** A cn mode's defaults in the panel's fields (paper: WUCON's 2001 steps of a 4 × 256 network). */
export function cnModeParams(mode: 'fast' | 'paper'): Partial<ReconParams> {
  const d = cnDefaults(mode);
  // fast mode's steps depend on the volume (fastStepDefaults): 0 in the field means that automatic count
  return { cnMode: mode, iterations: d.iterations ?? 0, width: d.width!, depth: d.depth! };
}

/** A method's own defaults (src/pipeline METHOD_DEFAULTS) in the panel's fields: SART never keeps SIRT's 20. */
function methodDefaults(method: MethodChoice): Partial<ReconParams> {
  if (method === 'cn') return { ...cnModeParams('fast'), positivity: false };
  const d = METHOD_DEFAULTS[method];
  return {
    ...(d.iterations !== undefined ? { iterations: d.iterations } : {}),
    ...(d.relaxation !== undefined ? { relaxation: d.relaxation } : {}),
    ...(d.tvWeight !== undefined ? { lambda: d.tvWeight } : {}),
    subsets: d.subsets ?? 0,
    positivity: d.positivity ?? false,
    warmStart: d.warmStart ?? 'zero',
    ...(d.cnMode ? { cnMode: d.cnMode } : {}),
    ...(d.width !== undefined ? { width: d.width } : {}),
    ...(d.depth !== undefined ? { depth: d.depth } : {}),
  };
}

export interface ComputeJob {
  /** a coordinate network's (step, loss) so far, from its progress; at most ~800 points */
  lossHistory?: { steps: number[]; losses: number[] };
  id: number;
  kind: 'simulate' | 'align' | 'reconstruct' | 'metrics' | 'half-set' | 'export';
  label: string;
  progress: JobProgress | null;
  cancel: () => void;
}

/** The simulation behind the open dataset: its truth stays in the worker. */
export interface SimulationInfo {
  datasetId: number;
  truthId: number;
  truthDims: { nx: number; ny: number; nz: number };
  anglesDeg: number[];
  seconds: number;
  /** the simulated random shifts (0: the views are aligned by construction) */
  shiftSigmaPx: number;
}

export interface ReconSummary {
  volumeId: number;
  datasetId: number;
  method: MethodChoice;
  device: string;
  deviceNote: string;
  seconds: number;
  voxelUpdatesPerSecond: number;
  dims: { nx: number; ny: number; nz: number };
  iterations: number;
  lastResidual: number | null;
  /** cn: the loss against training step, thinned to a few hundred points */
  lossCurve?: { steps: number[]; losses: number[] };
  /** sirt, sart, tv: the residual against iteration, thinned the same way */
  residualCurve?: { steps: number[]; losses: number[] };
  /** the import options it was reconstructed with */
  importOptions: GeometryImportOptions;
  /** the tilt-axis angle used, and where it came from ('recipe', 'TS.mdoc', 'default') */
  axisRotationDeg: number;
  axisFrom: string;
  /** the recipe as run (method defaults filled in): Save recipe writes it */
  recipe: Recipe;
  /** one line each: a GPU lost mid-job, fields the method ignores, … */
  warnings: string[];
  /** how the series was aligned for it, e.g. 'xcorr (Align only)'; absent: as opened */
  alignedBy?: string;
  /** slab mode: the MRC in browser storage (no volume is held; volumeId is -1) */
  slab?: { fileName: string; fileBytes: number; slabs: number; slabRows: number; downloadName: string };
}

export interface ReconState {
  sim: SimParams;
  recon: ReconParams;
  job: ComputeJob | null;
  simulation: SimulationInfo | null;
  result: ReconSummary | null;
  metrics: MetricsJobResult | null;
  /** why there are no metrics (no truth, size mismatch, failed) */
  metricsNote: string | null;
  /** import options of the open dataset, for the next reconstruction */
  importOptions: GeometryImportOptions;
  /** half-set FSC of the shown result */
  halfSet: HalfSetJobResult | null;
  halfSetNote: string | null;
  reconMode: 'worker' | 'main-thread' | null;
  alignment: AlignmentState | null;
  /** which result the result area shows */
  resultView: 'tomogram' | 'results' | 'compare' | 'fourier' | 'alignment';

  setSim(p: Partial<SimParams>): void;
  setRecon(p: Partial<ReconParams>): void;
  setJob(job: ComputeJob | null): void;
  setJobProgress(id: number, progress: JobProgress): void;
  setSimulation(s: SimulationInfo | null): void;
  setResult(r: ReconSummary | null): void;
  setMetrics(m: MetricsJobResult | null, note?: string | null): void;
  setImportOptions(o: Partial<GeometryImportOptions> | null): void;
  setHalfSet(h: HalfSetJobResult | null, note?: string | null): void;
  setReconMode(mode: 'worker' | 'main-thread'): void;
  setAlignment(a: AlignmentState | null): void;
  /** moves view k of the held alignment by (dxPx, dyPx) in the aligned frame: its .xf shift and plotted shift */
  nudgeAlignmentView(k: number, dxPx: number, dyPx: number): void;
  setResultView(v: ReconState['resultView']): void;
}

export const DEFAULT_SIM: SimParams = {
  phantom: 'shapes',
  size: 96,
  thickness: 48,
  tiltMinDeg: -60,
  tiltMaxDeg: 60,
  tiltStepDeg: 3,
  order: 'dose-symmetric',
  doseEA2: 20,
  shiftSigmaPx: 0,
  axisErrorDeg: 0,
};

export const useReconStore = create<ReconState>()((set) => ({
  sim: DEFAULT_SIM,
  recon: {
    method: 'wbp',
    filter: 'radial:0.35,0.035',
    iterations: 20,
    lambda: 0.01,
    relaxation: 1,
    subsets: 0,
    positivity: false,
    thickness: DEFAULT_SIM.thickness,
    zOffset: 0,
    exclude: '',
    bin: 1,
    device: 'auto',
    axisRotation: '',
    prealign: true,
    warmStart: 'zero',
    align: { method: 'none', axisSearch: false, cumulative: false },
    cnMode: 'fast',
    width: METHOD_DEFAULTS.cn.width!,
    depth: METHOD_DEFAULTS.cn.depth!,
    network: null,
  },
  job: null,
  simulation: null,
  result: null,
  metrics: null,
  metricsNote: null,
  importOptions: {},
  halfSet: null,
  halfSetNote: null,
  reconMode: null,
  alignment: null,
  resultView: 'tomogram',

  setSim: (p) => set((s) => ({ sim: { ...s.sim, ...p } })),
  setRecon: (p) =>
    set((s) => {
      const switched = p.method !== undefined && p.method !== s.recon.method;
      return { recon: { ...s.recon, ...(switched ? methodDefaults(p.method!) : {}), ...p } };
    }),
  setJob: (job) => set({ job }),
  setJobProgress: (id, progress) =>
    set((s) =>
      s.job?.id === id ? { job: { ...s.job, progress, lossHistory: withLoss(s.job, progress) } } : {},
    ),
  setSimulation: (simulation) => set({ simulation }),
  setResult: (result) => set({ result }),
  setMetrics: (metrics, metricsNote = null) => set({ metrics, metricsNote }),
  setImportOptions: (o) => set((s) => ({ importOptions: o ? { ...s.importOptions, ...o } : {} })),
  setHalfSet: (halfSet, halfSetNote = null) => set({ halfSet, halfSetNote }),
  setReconMode: (reconMode) => set({ reconMode }),
  setAlignment: (alignment) =>
    set((s) => ({
      alignment,
      resultView: alignment || s.resultView !== 'alignment' ? s.resultView : 'tomogram',
    })),
  nudgeAlignmentView: (k, dxPx, dyPx) =>
    set((s) => {
      const a = s.alignment;
      if (!a || !a.transforms[k]) return {};
      const t = a.transforms[k];
      const [ndx, ndy] = a.nudges?.[k] ?? [0, 0];
      return {
        alignment: {
          ...a,
          transforms: a.transforms.map((x, i) =>
            i === k ? { ...t, dxPx: t.dxPx + dxPx, dyPx: t.dyPx + dyPx } : x,
          ),
          shiftsPx: a.shiftsPx.map(([dx, dy], i): [number, number] =>
            i === k ? [dx + dxPx, dy + dyPx] : [dx, dy],
          ),
          nudges: { ...a.nudges, [k]: [ndx + dxPx, ndy + dyPx] },
        },
      };
    }),
  setResultView: (resultView) => set({ resultView }),
}));
