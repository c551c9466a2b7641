// Inputs shared by `metrics` and `fsc`: two whole volumes of the same shape, the voxel size the
// header really states, and an optional tilt list. io is imported lazily so `--help` stays instant.
import { WedgeLabError } from '../core/errors.ts';
import type { Volume } from '../core/types.ts';
import type { MrcReadOptions } from '../io/mrc/types.ts';
import { loadTilts } from './metaFiles.ts';
import { withMrc } from './mrcInput.ts';
import type { CommandArgs, OptionSpec } from './spec.ts';

export interface LoadedVolume {
  path: string;
  volume: Volume;
  /** x voxel size in Å from the header cell, or null when the header leaves it 0 (unknown) */
  voxelSizeA: number | null;
}

/** Reads the whole map (x fastest); onProgress gets the fraction of sections read. */
export function loadVolume(
  path: string,
  opts: MrcReadOptions,
  onProgress?: (fraction: number) => void,
): Promise<LoadedVolume> {
  return withMrc(path, opts, async (file) => {
    const { readVolume } = await import('../io/mrc/index.ts');
    const volume = await readVolume(file, onProgress);
    // readVolume keeps 0 for an unknown size; null here so no Å figure is computed from it.
    const raw = volume.voxelSizeA[0];
    return { path, volume, voxelSizeA: raw > 0 ? raw : null };
  });
}

export function shapeOf(v: Volume): string {
  return `${v.nx}×${v.ny}×${v.nz}`;
}

/** One line naming both files and both shapes, before any metric allocates its work arrays. */
export function checkSameShape(a: LoadedVolume, aLabel: string, b: LoadedVolume, bLabel: string): void {
  const va = a.volume;
  const vb = b.volume;
  if (va.nx === vb.nx && va.ny === vb.ny && va.nz === vb.nz) return;
  throw new WedgeLabError(
    'mismatch',
    `shape mismatch: ${aLabel} ${a.path} is ${shapeOf(va)} but ${bLabel} ${b.path} is ${shapeOf(vb)} (nx×ny×nz); resample or crop one to match`,
  );
}

/**
 * The tilt list of `--tilts` as the FSC split needs it: negated with `--invert-angles`, exactly as
 * `reconstruct --invert-angles` negates the geometry (a .tlt of the other sign convention would otherwise
 * put the measured region on the missing side). Undefined without --tilts; the options it ignores then warn.
 */
export async function tiltsFromArgs(
  args: CommandArgs,
  warn: (message: string) => void,
): Promise<number[] | undefined> {
  const path = args.string('tilts');
  if (!path) {
    for (const name of ['tilt-axis', 'invert-angles']) {
      if (args.has(name)) warn(`--${name} has no effect without --tilts`);
    }
    return undefined;
  }
  const tilts = await loadTilts(path);
  // `0 - a`, not `-a`: no −0 in the list
  return args.flag('invert-angles') ? tilts.map((a) => 0 - a) : tilts;
}

/** Voxel size for the Å figures: the first header that states one. */
export function knownVoxelSize(...vols: LoadedVolume[]): number | null {
  for (const v of vols) if (v.voxelSizeA !== null) return v.voxelSizeA;
  return null;
}

export const tiltOptions: OptionSpec[] = [
  {
    name: 'tilts',
    type: 'string',
    valueName: 'T.tlt',
    help: 'tilt angles (.tlt/.rawtlt/.mdoc) of the series: adds FSC curves for the measured (present) and missing-wedge Fourier regions',
  },
  {
    name: 'tilt-axis',
    type: 'number',
    valueName: 'DEG',
    default: 0,
    min: -360,
    max: 360,
    help: "in-plane angle of the tilt axis from the volume's Y axis, degrees counter-clockwise (0 for reconstructions with the axis along Y); used with --tilts",
  },
  {
    name: 'invert-angles',
    type: 'flag',
    help: 'negate every angle of --tilts, as reconstruct --invert-angles does (a .tlt of the opposite sign convention)',
  },
];
