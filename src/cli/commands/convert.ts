// wedgelab convert IN OUT: rewrites any readable MRC in one of the writer's modes, keeping voxel size,
// origin, labels and tilt angles. An unknown voxel size (cell 0) stays unknown. An AreTomo .aln IN is
// converted to an IMOD .xf (and .tlt) instead (docs/formats.md, "AreTomo .aln → IMOD .xf").
import { readFile } from 'node:fs/promises';
import { WedgeLabError } from '../../core/errors.ts';
import type { MrcWriteMode } from '../../io/mrc/types.ts';
import { MRC_MODE_NAMES } from '../../io/mrc/layout.ts';
import { fmtBytes, fmtVoxelSize, table } from '../format.ts';
import { readerOptions, readOptionsFrom, tiltAnglesOf, withMrc } from '../mrcInput.ts';
import { writeFileAtomic } from '../nodeSource.ts';
import type { CommandArgs, CommandContext, CommandOutput, CommandSpec } from '../spec.ts';

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
    'with a warning on stderr. OUT is written to OUT.tmp first and renamed, so a failed run leaves no partial file. ' +
    'An AreTomo .aln IN becomes an IMOD .xf (raw → aligned, one line per raw section, dark frames as identity) ' +
    'for a stack of --size NX,NY, and with --tlt-out its tilt angles as a .tlt.',
  positionals: [
    { name: 'IN', help: 'input MRC file, or an AreTomo .aln' },
    { name: 'OUT', help: 'output MRC file (replaced if it exists), or the .xf for an .aln' },
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
    {
      name: 'size',
      type: 'list',
      count: 2,
      min: 1,
      valueName: 'NX,NY',
      help: '.aln input: the size of the stack the .xf is for (shifts scale from the .aln RawSize)',
    },
    {
      name: 'tlt-out',
      type: 'string',
      valueName: 'FILE',
      help: '.aln input: also write the tilt angles here',
    },
  ],
  examples: [
    'wedgelab convert tilt.st tilt_f16.mrc --mode 12',
    'wedgelab convert emd_3197.map.gz emd_3197.mrc',
    'wedgelab convert TS_01.aln TS_01.xf --tlt-out TS_01.tlt --size 4096,4096',
  ],
  async run(args, ctx) {
    const inPath = args.positional('IN') ?? '';
    const outPath = args.positional('OUT') ?? '';
    if (/\.aln$/i.test(inPath)) return convertAln(inPath, outPath, args, ctx);
    for (const name of ['size', 'tlt-out']) {
      if (args.has(name))
        throw new WedgeLabError('bad-argument', `convert: --${name} is for an AreTomo .aln IN`);
    }
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

async function convertAln(
  inPath: string,
  outPath: string,
  args: CommandArgs,
  ctx: CommandContext,
): Promise<CommandOutput> {
  if (args.has('mode'))
    throw new WedgeLabError('bad-argument', 'convert: --mode is for MRC output, not an .aln');
  let text: string;
  try {
    text = await readFile(inPath, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new WedgeLabError('not-found', `${inPath}: no such file`);
    if (code === 'EISDIR')
      throw new WedgeLabError('bad-argument', `${inPath}: is a directory, expected an .aln`);
    throw e;
  }
  const meta = await import('../../io/meta/index.ts');
  const aln = meta.parseAln(text, inPath);
  const size = args.list('size');
  if (!size) {
    throw new WedgeLabError(
      'bad-argument',
      `convert ${inPath}: give --size NX,NY of the stack the .xf is for (the .aln's RawSize is ${aln.rawSize[0]},${aln.rawSize[1]})`,
    );
  }
  const out = meta.alnToXf(aln, { nu: size[0], nv: size[1] });
  const encode = (s: string) => new TextEncoder().encode(s);
  await writeFileAtomic(outPath, encode(meta.formatXf(out.xf)));
  const tltOut = args.string('tlt-out');
  if (tltOut !== undefined) await writeFileAtomic(tltOut, encode(meta.formatTlt(out.anglesDeg)));
  for (const w of out.warnings) ctx.warn(w);
  const json = {
    in: inPath,
    out: outPath,
    tltOut: tltOut ?? null,
    nx: size[0],
    ny: size[1],
    views: out.xf.length,
    excluded: out.excluded,
    warnings: out.warnings,
  };
  const summary = table([
    ['wrote', tltOut === undefined ? outPath : `${outPath}, ${tltOut}`],
    ['views', `${out.xf.length} (raw sections of a ${size[0]} × ${size[1]} stack)`],
    [
      'excluded',
      out.excluded.length ? `${out.excluded.join(', ')} (AreTomo's dark frames; exclude them)` : 'none',
    ],
  ]);
  return { json, text: summary };
}
