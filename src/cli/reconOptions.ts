// Options shared by `reconstruct` and `halfset`: declared once so both spell and check them the same, and
// read into one plain settings object. No compute code is imported here (help stays instant).
import { WedgeLabError } from '../core/errors.ts';
import type { CommandArgs, OptionSpec } from './spec.ts';

// Kept literal so --help loads no recon code; reconstruct.test.ts checks them against METHODS.
export const METHOD_CHOICES = ['wbp', 'sirt', 'sart', 'tv'] as const;
export type MethodChoice = (typeof METHOD_CHOICES)[number];
export const DEVICE_CHOICES = ['auto', 'gpu', 'cpu'] as const;
export type DeviceChoice = (typeof DEVICE_CHOICES)[number];

export const seriesOptions: OptionSpec[] = [
  {
    name: 'tilts',
    type: 'string',
    valueName: 'TS.tlt',
    help: 'tilt angles, one per section (.tlt/.rawtlt, or a SerialEM .mdoc); default: the angles in the MRC extended header',
  },
  {
    name: 'xf',
    type: 'string',
    valueName: 'TS.xf',
    help: 'IMOD .xf, one line per section: raw → aligned transforms (the series is then in raw frames)',
  },
  { name: 'invert-angles', type: 'flag', help: 'negate every tilt angle (fixes a mirror-image tomogram)' },
  {
    name: 'axis-rotation',
    type: 'number',
    min: -360,
    max: 360,
    default: 0,
    valueName: 'DEG',
    help: 'tilt-axis angle of the raw images, degrees CCW from +Y (docs/geometry.md)',
  },
];

export const reconOptions: OptionSpec[] = [
  { name: 'method', type: 'enum', choices: METHOD_CHOICES, default: 'wbp', help: 'reconstruction method' },
  {
    name: 'thickness',
    type: 'number',
    integer: true,
    valueName: 'NZ',
    help: 'output thickness nz in unbinned pixels (default: nx / 4)',
  },
  {
    name: 'filter',
    type: 'string',
    default: 'radial:0.35,0.035',
    valueName: 'SPEC',
    help: 'WBP filter: radial:CUTOFF,FALLOFF | ramp | hamming | shepp | cosine | hann | sirtlike:N | seed:LAMBDA | none',
  },
  {
    name: 'iterations',
    type: 'number',
    integer: true,
    min: 1,
    max: 10000,
    valueName: 'N',
    help: 'iterations for sirt/sart/tv (default sirt 20, sart 5, tv 30)',
  },
  {
    name: 'lambda',
    type: 'number',
    min: 0,
    valueName: 'L',
    help: 'tv: weight of the total-variation term, density units (default 0.01)',
  },
  {
    name: 'bin',
    type: 'number',
    integer: true,
    min: 1,
    max: 64,
    default: 1,
    valueName: 'B',
    help: 'bin the series B×B (block average) first: output nx/B × ny/B × thickness/B',
  },
  {
    name: 'z-offset',
    type: 'number',
    default: 0,
    valueName: 'PX',
    help: 'centre the slab this many unbinned pixels higher in z (IMOD SHIFT z)',
  },
  {
    name: 'exclude',
    type: 'list',
    valueName: '1,5,9',
    help: 'leave out these views, numbered from 1 in file order (as IMOD EXCLUDELIST)',
  },
  {
    name: 'device',
    type: 'enum',
    choices: DEVICE_CHOICES,
    default: 'auto',
    help: 'auto: a hardware WebGPU adapter if there is one, else the CPU (software adapters such as SwiftShader are slower than the CPU path and are skipped)',
  },
  {
    name: 'threads',
    type: 'number',
    integer: true,
    min: 1,
    max: 1024,
    valueName: 'N',
    help: 'CPU threads (default: all cores)',
  },
  {
    name: 'no-prealign',
    type: 'flag',
    help: 'reconstruct a rotated or y-shifted series from the raw views (one interpolation, the slower general CPU loop) instead of resampling it once into an aligned stack',
  },
  {
    name: 'max-memory',
    type: 'number',
    min: 1e-6,
    valueName: 'GB',
    help: 'refuse jobs estimated to need more than this (default: the memory free on this machine)',
  },
];

export interface ReconSettings {
  method: MethodChoice;
  /** unbinned pixels; undefined = the default (nx / 4) */
  thicknessPx?: number;
  filter: string;
  iterations?: number;
  lambda?: number;
  bin: number;
  zOffsetPx: number;
  /** 0-based, checked against the view count later */
  excludeViews: number[];
  device: DeviceChoice;
  threads?: number;
  maxMemoryBytes?: number;
  /** resample a rotated/y-shifted series into the aligned frame first (--no-prealign: false) */
  prealign: boolean;
}

export interface SeriesSettings {
  tiltsPath?: string;
  xfPath?: string;
  invertAngles: boolean;
  axisRotationDeg: number;
}

export function seriesSettingsFrom(args: CommandArgs): SeriesSettings {
  return {
    tiltsPath: args.string('tilts'),
    xfPath: args.string('xf'),
    invertAngles: args.flag('invert-angles'),
    axisRotationDeg: args.number('axis-rotation') ?? 0,
  };
}

export function reconSettingsFrom(args: CommandArgs): ReconSettings {
  const exclude = args.list('exclude') ?? [];
  for (const v of exclude) {
    if (!Number.isInteger(v) || v < 1) {
      throw new WedgeLabError(
        'bad-argument',
        `--exclude ${exclude.join(',')}: view numbers are integers from 1 (IMOD EXCLUDELIST numbering)`,
      );
    }
  }
  const gb = args.number('max-memory');
  return {
    method: (args.choice('method') ?? 'wbp') as MethodChoice,
    thicknessPx: args.number('thickness'),
    filter: args.string('filter') ?? 'radial:0.35,0.035',
    iterations: args.number('iterations'),
    lambda: args.number('lambda'),
    bin: args.number('bin') ?? 1,
    zOffsetPx: args.number('z-offset') ?? 0,
    excludeViews: exclude.map((v) => v - 1),
    device: (args.choice('device') ?? 'auto') as DeviceChoice,
    threads: args.number('threads'),
    maxMemoryBytes: gb === undefined ? undefined : gb * 1e9,
    prealign: !args.flag('no-prealign'),
  };
}
