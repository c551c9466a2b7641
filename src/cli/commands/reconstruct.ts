// wedgelab reconstruct TS.mrc --tilts TS.tlt --method wbp|sirt|sart|tv --thickness NZ --out REC.mrc:
// a tomogram nx × ny × nz (z = thickness) from a tilt series, on the GPU or the CPU.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fmtVoxelSize } from '../format.ts';
import { readerOptions, readOptionsFrom } from '../mrcInput.ts';
import { writeFileAtomic } from '../nodeSource.ts';
import { runReconstruction, withReconJob } from '../reconJob.ts';
import { reconstructOutput } from '../reconOutput.ts';
import { reconOptions, reconSettingsFrom, seriesOptions, seriesSettingsFrom } from '../reconOptions.ts';
import type { CommandSpec } from '../spec.ts';

export const reconstruct: CommandSpec = {
  name: 'reconstruct',
  summary: 'reconstruct a tomogram from a tilt series (WBP, SIRT, SART or TV; GPU or CPU)',
  description:
    'Reads TS.mrc (nx × ny × nviews) with its tilt angles (--tilts, else the extended header) and optional IMOD ' +
    '.xf, and writes REC.mrc as nx/B × ny/B × thickness/B (z = thickness, like IMOD after trimvol -rx), voxel size = ' +
    'pixel size × B. Every input is checked against the header before any data is read, and the memory the job ' +
    'needs is estimated first. When the whole volume does not fit, wbp/sirt/sart run in Y-slabs (rows decouple; an ' +
    'in-plane rotation or y-shift is first resampled into a temporary aligned stack beside OUT) written straight ' +
    'into OUT, sized to the budget; a job that cannot fit even so is refused with a --bin or --thickness that would. ' +
    'A whole-volume job resamples a rotated or y-shifted series once into the aligned frame (IMOD newstack → .ali) ' +
    'so the CPU fast path applies; --no-prealign keeps the exact single-interpolation path. ' +
    '--device auto uses a hardware WebGPU adapter when there is one and the multi-threaded CPU path otherwise ' +
    '(software adapters such as SwiftShader are slower than the CPU path, so auto never picks them; --device gpu ' +
    'still does). JSON: {method, device, deviceName, deviceReason (why auto chose the CPU), seconds (compute only, no file I/O), voxelUpdatesPerSecond, ' +
    'residuals (‖Ax − b‖/‖b‖ per iteration; [] for wbp), iterations, nx, ny, nz, voxelSizeA (null when the series header states no pixel size: the output cell is then 0 too), threads, views, prealigned, out}.',
  positionals: [{ name: 'TS', help: 'tilt series (MRC/.st), one section per view' }],
  options: [
    ...seriesOptions,
    ...reconOptions.map((o) =>
      o.name === 'thickness'
        ? { ...o, required: true, help: 'output thickness nz in unbinned pixels (z of the output)' }
        : o,
    ),
    {
      name: 'out',
      type: 'string',
      required: true,
      valueName: 'REC.mrc',
      help: 'output tomogram (MRC, float32)',
    },
    ...readerOptions,
  ],
  examples: [
    'wedgelab reconstruct ts.mrc --tilts ts.tlt --thickness 300 --out rec.mrc',
    'wedgelab reconstruct ts.mrc --tilts ts.tlt --xf ts.xf --method sirt --iterations 15 --thickness 300 --bin 2 --out rec.mrc --json',
  ],
  async run(args, ctx) {
    const settings = reconSettingsFrom(args);
    const outPath = args.string('out') ?? '';
    const progress = ctx.progress(`reconstruct ${settings.method}`);
    const path = args.positional('TS') ?? '';
    // a volume larger than the memory budget goes slab by slab straight into OUT (null: it fits whole)
    const { reconstructInSlabsIfNeeded } = await import('../reconSlabs.ts');
    const slabbed = await reconstructInSlabsIfNeeded(
      path,
      readOptionsFrom(args),
      seriesSettingsFrom(args),
      settings,
      outPath,
      progress,
    );
    if (slabbed) return slabbed;
    const { result, device, views } = await withReconJob(
      path,
      readOptionsFrom(args),
      seriesSettingsFrom(args),
      settings,
      progress,
      async (job) => {
        if (job.device.warning) ctx.warn(job.device.warning);
        const r = await runReconstruction(job, settings, progress, {
          excludeViews: job.excluded,
          from: 0.05,
          to: 0.97,
          warn: (line) => ctx.warn(line),
        });
        return { result: r, device: job.device, views: job.info.nviews };
      },
    );
    progress.update(0.97, 'writing');
    const { writeMrc } = await import('../../io/mrc/index.ts');
    const v = result.volume;
    const bytes = writeMrc(v, {
      mode: 2,
      program: `wedgelab reconstruct ${settings.method}`,
      imageStack: false,
    });
    await mkdir(dirname(outPath) || '.', { recursive: true });
    await writeFileAtomic(outPath, bytes);
    progress.done();
    return reconstructOutput(
      {
        result,
        dims: v,
        voxelSizeA: v.voxelSizeA[0],
        voxelText: `voxel ${fmtVoxelSize([v.voxelSizeA[0]])}`,
        totalViews: views,
        outPath,
        bytes: bytes.length,
      },
      settings,
      device,
    );
  },
};
