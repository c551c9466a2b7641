// The Recipe: every parameter of load → reconstruct → score → export, versioned, with units in names. This
// one schema drives recipe validation, the CLI's flags and help (src/cli/recipeFlags.ts) and the page's
// fields (limits, defaults, one-line explanations). Method-specific fields are optional here; resolve.ts
// fills each method's own defaults.
import { z } from 'zod';
import { field } from './field.ts';

export const RECIPE_VERSION = 'recipe/1';

export const METHOD_CHOICES = ['wbp', 'sirt', 'sart', 'tv', 'cn'] as const;
export type MethodChoice = (typeof METHOD_CHOICES)[number];
export const DEVICE_CHOICES = ['auto', 'gpu', 'cpu', 'reference'] as const;
export type DeviceChoice = (typeof DEVICE_CHOICES)[number];

const inputSchema = z
  .object({
    stack: field(z.string().min(1), {
      help: 'tilt series (MRC/.st, optionally .gz/.bz2), one section per view',
      valueName: 'TS.mrc',
    }),
    tilts: field(z.string().min(1).optional(), {
      flag: 'tilts',
      valueName: 'TS.tlt',
      help: 'tilt angles, one per section (.tlt/.rawtlt, or a SerialEM .mdoc, whose tilt-axis angle is used too); default: the MRC extended header',
    }),
    xf: field(z.string().min(1).optional(), {
      flag: 'xf',
      valueName: 'TS.xf',
      help: 'IMOD .xf, one line per section: raw → aligned transforms (the series is then in raw frames)',
    }),
    alignModel: field(z.string().min(1).optional(), {
      flag: 'load-model',
      valueName: 'M.wlshift',
      help: 'with align cnn: a shift model saved by --save-model, used instead of training one',
    }),
    network: field(z.string().min(1).optional(), {
      flag: 'load-network',
      valueName: 'N.wlcn',
      help: 'with method cn: start from a network saved by --save-network and continue its training',
    }),
    unsignedMode0: field(z.boolean().default(false), {
      flag: 'unsigned-mode0',
      help: 'read mode 0 as unsigned bytes (IMOD files written before MRC2014)',
    }),
    permissive: field(z.boolean().default(false), {
      flag: 'permissive',
      help: "read files without 'MAP ' or with odd header sizes as the layout they declare",
    }),
    /** the stack the recipe was made for; a replay on a stack of other sizes is refused */
    expect: field(
      z
        .object({
          nx: z.number().int().min(1),
          ny: z.number().int().min(1),
          nviews: z.number().int().min(1),
        })
        .strict()
        .optional(),
      { help: 'sizes of the stack the recipe was saved from (checked on replay; dropped by --input)' },
    ),
  })
  .strict();

const geometrySchema = z
  .object({
    axisRotationDeg: field(z.number().min(-360).max(360).optional(), {
      flag: 'axis-rotation',
      valueName: 'DEG',
      help: 'tilt-axis angle of the raw images, degrees CCW from +Y (docs/geometry.md); default: the .mdoc’s Tilt axis angle, else 0',
    }),
    invertAngles: field(z.boolean().default(false), {
      flag: 'invert-angles',
      help: 'negate every tilt angle (fixes a mirror-image tomogram)',
    }),
    axisRotated180: field(z.boolean().default(false), {
      flag: 'axis-rotated-180',
      help: 'add 180° to the tilt-axis angle (an axis reported as 85° that is really −95°)',
    }),
  })
  .strict();

export const ALIGN_CHOICES = ['none', 'xcorr', 'pm', 'cnn', 'beads'] as const;
export type AlignChoice = (typeof ALIGN_CHOICES)[number];

const alignSchema = z
  .object({
    method: field(z.enum(ALIGN_CHOICES).default('none'), {
      flag: 'align',
      help: 'align the raw views first: xcorr (cross-correlation, as IMOD tiltxcorr), pm (then projection matching), cnn (a shift model trained on the data), beads (gold fiducials); none: the series is aligned already or an .xf is given',
    }),
    axisSearch: field(z.boolean().default(false), {
      flag: 'axis-search',
      help: 'search the tilt-axis angle (within ±10° of the header/.mdoc angle, else over 0–180°) and a tilt-angle offset',
    }),
    binning: field(z.number().int().min(1).max(64).optional(), {
      flag: 'align-bin',
      valueName: 'B',
      help: 'binning of the coarse correlation (default: the larger side to ≤ 256 px)',
    }),
    cumulative: field(z.boolean().default(false), {
      flag: 'align-cumulative',
      help: 'correlate each view with the sum of the aligned views nearer 0° (IMOD -cumulative) instead of its neighbour',
    }),
    iterations: field(z.number().int().min(1).max(100).optional(), {
      flag: 'align-iterations',
      valueName: 'N',
      help: 'rounds of projection matching (pm) or training epochs (cnn); each method has its own default',
    }),
  })
  .strict();

const ITERATIVE = ['sirt', 'sart', 'tv', 'cn'] as const;
const CN = ['cn'] as const;
const ORDERED = ['sirt', 'sart'] as const;

const reconstructSchema = z
  .object({
    method: field(z.enum(METHOD_CHOICES).default('wbp'), {
      flag: 'method',
      help: 'wbp: weighted back-projection; sirt/sart: iterative, smoother; tv: total-variation regularised; cn: a coordinate network (SIREN) fitted to the views, which fills the missing wedge (slow: minutes)',
    }),
    thicknessPx: field(z.number().int().min(1).optional(), {
      flag: 'thickness',
      valueName: 'NZ',
      help: 'output thickness nz in unbinned pixels (z of the output; default nx / 4)',
    }),
    filter: field(z.string().min(1).optional(), {
      flag: 'filter',
      valueName: 'SPEC',
      methods: ['wbp'],
      help: 'WBP filter: radial:CUTOFF,FALLOFF | ramp | hamming | shepp | cosine | hann | sirtlike:N | seed:LAMBDA | none',
    }),
    iterations: field(z.number().int().min(1).max(10000).optional(), {
      flag: 'iterations',
      valueName: 'N',
      methods: ITERATIVE,
      help: 'iterations (passes over all views; cn: training steps of the first network); each method has its own default',
    }),
    relaxation: field(z.number().gt(0).max(2).optional(), {
      flag: 'relaxation',
      valueName: 'R',
      methods: ORDERED,
      help: 'step size of each update',
    }),
    subsets: field(z.number().int().min(1).max(10000).optional(), {
      flag: 'subsets',
      valueName: 'N',
      methods: ORDERED,
      help: 'ordered subsets of views per iteration (sirt: 1; sart: one per view)',
    }),
    warmStart: field(z.enum(['zero', 'wbp']).optional(), {
      flag: 'warm-start',
      methods: ORDERED,
      help: 'start volume: zero (classic; its early stop regularises noisy data) or wbp (sharper on clean or high-dose data)',
    }),
    positivity: field(z.boolean().optional(), {
      flag: 'positivity',
      methods: ['sirt', 'sart', 'tv'],
      help: 'clamp negative densities to 0 after each update',
    }),
    tvWeight: field(z.number().min(0).optional(), {
      flag: 'tv-weight',
      valueName: 'W',
      methods: ['tv'],
      help: 'weight of the total-variation term, density units',
    }),
    cnMode: field(z.enum(['fast', 'paper']).optional(), {
      flag: 'cn-mode',
      methods: CN,
      help: "fast (3 × 128, 2000 + 800 steps per slab): ours, one network over many rows trained on random row blocks; paper (4 × 256, 2001 + 401 steps, lr 1e-3): WUCON's 2-row slabs and schedule, for comparison with the paper; the defaults shown are fast mode's",
    }),
    width: field(z.number().int().min(8).max(2048).multipleOf(8).optional(), {
      flag: 'width',
      valueName: 'W',
      methods: CN,
      help: 'hidden features per layer of the network (multiple of 8)',
    }),
    depth: field(z.number().int().min(0).max(16).optional(), {
      flag: 'depth',
      valueName: 'D',
      methods: CN,
      help: 'hidden W × W layers of the network',
    }),
    omega0: field(z.number().gt(0).max(1000).optional(), {
      flag: 'omega0',
      valueName: 'W0',
      methods: CN,
      help: 'frequency ω0 of the sine activations',
    }),
    encoding: field(z.number().int().min(0).max(16).optional(), {
      flag: 'encoding',
      valueName: 'F',
      methods: CN,
      help: 'positional encoding: F frequencies of sin/cos(2^k·π·coordinate) fed to the first layer (0: off, as WUCON with sines)',
    }),
    neighbourIterations: field(z.number().int().min(1).max(100000).optional(), {
      flag: 'cn-neighbour-iterations',
      valueName: 'N',
      methods: CN,
      help: 'training steps of each network warm-started from its neighbour',
    }),
    learningRate: field(z.number().gt(0).max(1).optional(), {
      flag: 'cn-lr',
      valueName: 'LR',
      methods: CN,
      help: 'start learning rate (Adam); it decays log-linearly to a tenth over the second half of each network’s steps',
    }),
    cnTv: field(z.number().min(0).optional(), {
      flag: 'tv',
      valueName: 'T',
      methods: CN,
      help: "weight of WUCON's smoothness term (squared differences per voxel; 0 for simulated data, 1 in WUCON for real data)",
    }),
    batchRows: field(z.number().int().min(1).max(100000).optional(), {
      flag: 'cn-batch-rows',
      valueName: 'R',
      methods: CN,
      help: 'fast mode: volume rows per training step (default: about 8,192 voxels)',
    }),
    slabRows: field(z.number().int().min(1).max(100000).optional(), {
      flag: 'cn-slab-rows',
      valueName: 'R',
      methods: CN,
      help: 'fast mode: rows per network (default: the whole volume up to ~2 M voxels per network)',
    }),
    seed: field(
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 31)
        .optional(),
      {
        flag: 'seed',
        valueName: 'S',
        methods: CN,
        help: 'seed of the network initialisation and block sampling (runs are deterministic on the CPU)',
      },
    ),
    bin: field(z.number().int().min(1).max(64).default(1), {
      flag: 'bin',
      valueName: 'B',
      help: 'bin the series B×B (block average) first: output nx/B × ny/B × thickness/B',
    }),
    zOffsetPx: field(z.number().min(-1e6).max(1e6).default(0), {
      flag: 'z-offset',
      valueName: 'PX',
      help: 'centre the slab this many unbinned pixels higher in z (IMOD SHIFT z)',
    }),
    excludeViews: field(z.string().default(''), {
      flag: 'exclude',
      valueName: '1,5,40-41',
      help: 'leave out these views, numbered from 1 in file order, ranges allowed (as IMOD EXCLUDELIST)',
    }),
    prealign: field(z.boolean().default(true), {
      flag: 'no-prealign',
      negate: true,
      help: 'reconstruct a rotated or y-shifted series from the raw views (one interpolation, the slower general CPU loop) instead of resampling it once into an aligned stack',
    }),
  })
  .strict();

const deviceSchema = z
  .object({
    kind: field(z.enum(DEVICE_CHOICES).default('auto'), {
      flag: 'device',
      help: 'auto: a hardware WebGPU adapter if there is one, else the CPU (software adapters such as SwiftShader are slower than the CPU path and are skipped); reference: the exact, slow single-thread projector (the test oracle)',
    }),
    threads: field(z.number().int().min(1).max(1024).optional(), {
      flag: 'threads',
      valueName: 'N',
      help: 'CPU threads (default: all cores)',
    }),
    maxMinutes: field(z.number().gt(0).optional(), {
      flag: 'max-minutes',
      valueName: 'MIN',
      help: 'refuse, before it starts, a job whose estimated compute time is longer (cn fits take minutes to hours)',
    }),
    maxMemoryGB: field(z.number().gt(0).optional(), {
      flag: 'max-memory',
      valueName: 'GB',
      help: 'memory budget: larger jobs run in slabs or are refused (default: the free memory; in the page the tab budget)',
    }),
  })
  .strict();

const scoreSchema = z
  .object({
    halfSet: field(z.boolean().default(false), {
      help: 'also reconstruct views 1,3,5,… and 2,4,6,… separately and report their FSC (present / missing wedge)',
    }),
  })
  .strict();

const exportSchema = z
  .object({
    volume: field(z.string().min(1).optional(), {
      flag: 'out',
      valueName: 'REC.mrc',
      help: 'output tomogram (MRC); absent: kept in memory (the page) and not written',
    }),
    precision: field(z.enum(['float32', 'float16']).default('float32'), {
      flag: 'precision',
      help: 'MRC mode of the tomogram: float32 (mode 2) or float16 (mode 12, half the size)',
    }),
    xf: field(z.string().min(1).optional(), {
      flag: 'xf-out',
      valueName: 'TS.xf',
      help: 'with align: write the alignment as an IMOD .xf (raw → aligned, one line per section)',
    }),
    alignModel: field(z.string().min(1).optional(), {
      flag: 'save-model',
      valueName: 'M.wlshift',
      help: 'with align cnn: save the trained shift model (a small file) for --load-model',
    }),
    network: field(z.string().min(1).optional(), {
      flag: 'save-network',
      valueName: 'N.wlcn',
      help: 'with method cn: save the trained network(s) (a small file) for --load-network',
    }),
    upsample: field(z.number().int().min(1).max(8).default(1), {
      flag: 'upsample',
      valueName: 'K',
      help: 'with method cn: evaluate the continuous network K× finer along each axis (output K·nx × K·ny × K·nz)',
    }),
    alignedStack: field(z.string().min(1).optional(), {
      flag: 'aligned-out',
      valueName: 'TS.ali',
      help: 'with align (or an .xf): write the views resampled into the aligned frame as an MRC stack (IMOD newstack -xf)',
    }),
    tlt: field(z.string().min(1).optional(), {
      flag: 'tlt-out',
      valueName: 'TS.tlt',
      help: 'with align: write the refined tilt angles (nominal + offset) as a .tlt',
    }),
  })
  .strict();

export const recipeSchema = z
  .object({
    wedgelab: z.literal(RECIPE_VERSION),
    input: inputSchema,
    geometry: geometrySchema.default({ invertAngles: false, axisRotated180: false }),
    align: alignSchema.default({ method: 'none', axisSearch: false, cumulative: false }),
    reconstruct: reconstructSchema.default({
      method: 'wbp',
      bin: 1,
      zOffsetPx: 0,
      excludeViews: '',
      prealign: true,
    }),
    device: deviceSchema.default({ kind: 'auto' }),
    score: scoreSchema.default({ halfSet: false }),
    export: exportSchema.default({ precision: 'float32', upsample: 1 }),
  })
  .strict();

/** A checked recipe (defaults applied by the schema). */
export type Recipe = z.infer<typeof recipeSchema>;
/** What a user may write: defaults optional. */
export type RecipeInput = z.input<typeof recipeSchema>;

/** The sections whose fields are parameters (input.stack and expect are not flags). */
export const SECTIONS = {
  input: inputSchema,
  geometry: geometrySchema,
  align: alignSchema,
  reconstruct: reconstructSchema,
  device: deviceSchema,
  score: scoreSchema,
  export: exportSchema,
} as const;
export type SectionName = keyof typeof SECTIONS;
