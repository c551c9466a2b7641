// wedgelab convert IN OUT: rewrites any readable MRC in one of the writer's modes, keeping voxel size,
// origin, labels and tilt angles. An unknown voxel size (cell 0) stays unknown.
import type { MrcWriteMode } from '../../io/mrc/types.ts';
import { MRC_MODE_NAMES } from '../../io/mrc/layout.ts';
import { fmtBytes, fmtVoxelSize, table } from '../format.ts';
import { readerOptions, readOptionsFrom, tiltAnglesOf, withMrc } from '../mrcInput.ts';
import { writeFileAtomic } from '../nodeSource.ts';
import type { CommandSpec } from '../spec.ts';

/** Representable range of each integer/half mode; values outside are clipped (or overflow) on write. */
const RANGES: Partial<Record<MrcWriteMode, [number, number]>> = {
  1: [-32768, 32767],
  6: [0, 65535],
  12: [-65504, 65504],
};

export interface RangeReport {
  outside: number;
  nonInteger: number;
}

/** Counts what the chosen mode cannot hold, so the user is told instead of silently losing data. */
export function checkRange(data: Float32Array, mode: MrcWriteMode): RangeReport {
  const range = RANGES[mode];
  if (!range) return { outside: 0, nonInteger: 0 };
  const [lo, hi] = range;
  const integerMode = mode === 1 || mode === 6;
  let outside = 0;
  let nonInteger = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo || v > hi) outside++;
    else if (integerMode && v !== Math.round(v)) nonInteger++;
  }
  return { outside, nonInteger };
}

function rangeWarnings(r: RangeReport, mode: MrcWriteMode, total: number): string[] {
  const range = RANGES[mode];
  if (!range) return [];
  const name = `${MRC_MODE_NAMES[mode]} (mode ${mode})`;
  const out: string[] = [];
  if (r.outside > 0) {
    const what = mode === 12 ? 'overflow' : 'were clipped';
    out.push(
      `${r.outside} of ${total} values lie outside the ${name} range [${range[0]}, ${range[1]}] and ${what}`,
    );
  }
  if (r.nonInteger > 0) {
    out.push(
      `${r.nonInteger} of ${total} values were rounded to integers for ${name}; scale the data first, or keep --mode 2`,
    );
  }
  return out;
}

export const convert: CommandSpec = {
  name: 'convert',
  summary: 'rewrite an MRC file in another data mode (float32, float16, int16, uint16)',
  description:
    'Reads IN (any mode the reader supports, .gz/.bz2 included) and writes OUT as MRC2014 in the chosen mode, keeping ' +
    'voxel size, origin, labels and per-section tilt angles. Modes 1 and 6 round to integers and clip to their range, ' +
    'with a warning on stderr. OUT is written to OUT.tmp first and renamed, so a failed run leaves no partial file.',
  positionals: [
    { name: 'IN', help: 'input MRC file' },
    { name: 'OUT', help: 'output MRC file (replaced if it exists)' },
  ],
  options: [
    {
      name: 'mode',
      type: 'enum',
      choices: ['2', '12', '1', '6'],
      default: '2',
      help: 'output mode: 2 float32, 12 float16, 1 int16, 6 uint16',
    },
    ...readerOptions,
  ],
  examples: [
    'wedgelab convert tilt.st tilt_f16.mrc --mode 12',
    'wedgelab convert emd_3197.map.gz emd_3197.mrc',
  ],
  async run(args, ctx) {
    const inPath = args.positional('IN') ?? '';
    const outPath = args.positional('OUT') ?? '';
    const mode = Number(args.choice('mode')) as MrcWriteMode;
    const { readVolume, writeMrc } = await import('../../io/mrc/index.ts');
    const { bytes, volume, tiltAngles, report } = await withMrc(
      inPath,
      readOptionsFrom(args),
      async (file) => {
        const progress = ctx.progress('reading');
        const volume = await readVolume(file, (f) => progress.update(f));
        progress.done();
        const tiltAngles = tiltAnglesOf(file);
        const report = checkRange(volume.data, mode);
        const bytes = writeMrc(volume, {
          mode,
          program: 'wedgelab convert',
          labels: file.header.labels.slice(0, 9),
          origin: file.header.origin,
          // Angles are per section in file order; keep them only when sections map 1:1 onto z.
          tiltAnglesDeg: tiltAngles && tiltAngles.length === volume.nz ? tiltAngles : undefined,
        });
        return { bytes, volume, tiltAngles, report };
      },
    );
    await writeFileAtomic(outPath, bytes);
    const warnings = rangeWarnings(report, mode, volume.data.length);
    for (const w of warnings) ctx.warn(w);
    const json = {
      in: inPath,
      out: outPath,
      mode,
      nx: volume.nx,
      ny: volume.ny,
      nz: volume.nz,
      voxelSize: volume.voxelSizeA,
      bytes: bytes.length,
      tiltAngles: tiltAngles?.length ?? 0,
      clipped: report.outside,
      warnings,
    };
    const text = table([
      ['wrote', `${outPath} (${fmtBytes(bytes.length)})`],
      ['size', `${volume.nx} × ${volume.ny} × ${volume.nz}`],
      ['mode', `${mode} (${MRC_MODE_NAMES[mode]})`],
      ['voxel size', fmtVoxelSize(volume.voxelSizeA)],
      ...(tiltAngles ? [['tilt angles', `${tiltAngles.length} kept`] as [string, string]] : []),
    ]);
    return { json, text };
  },
};
