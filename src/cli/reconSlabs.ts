// `reconstruct` in Y-slabs: used when the whole volume does not fit the memory budget (--max-memory, else
// the free memory) and the method and geometry allow it (recon/algorithms/slabs.ts). The series is read
// by rows per slab (after an aligned-stack prepass to a temporary file when the geometry has an in-plane
// rotation or y-shifts) and each slab goes straight into the output file, so the peak is about one slab's
// volume + detector rows. Whole-volume jobs that fit keep the in-memory path (previews, one projector).
import os from 'node:os';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isWedgeLabError, WedgeLabError } from '../core/errors.ts';
import type { MrcReadOptions } from '../io/mrc/types.ts';
import { fmt } from './format.ts';
import { withMrc } from './mrcInput.ts';
import { chooseDevice, type ReconDevice } from './reconDevice.ts';
import { checkMemory } from './reconJob.ts';
import { reconstructOutput } from './reconOutput.ts';
import { estimateReconMemory, type ReconJobSize } from './reconMemory.ts';
import type { ReconSettings, SeriesSettings } from './reconOptions.ts';
import {
  checkExcluded,
  describeSeries,
  outputDims,
  resolveThickness,
  type SeriesInfo,
} from './reconSeries.ts';
import { alignedStackFile, createSlabFile, fileRowSource } from './slabFiles.ts';
import type { CommandOutput, Progress } from './spec.ts';

const gb = (b: number): string => (b < 1e9 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e9).toFixed(1)} GB`);

/** Bytes a slab of `rows` output rows needs: the method's arrays at slab size plus fixed costs. */
export async function slabBytes(
  info: SeriesInfo,
  thicknessPx: number,
  keptViews: number,
  settings: ReconSettings,
  device: ReconDevice,
  rows: number,
  prepass: boolean,
): Promise<number> {
  const { estimateCpuMemory } = await import('../recon/cpu/index.ts');
  const dims = outputDims(info.nu, info.nv, thicknessPx, settings.bin);
  const vol = { ...dims.volume, ny: rows };
  const det = { nu: dims.detector.nu, nv: rows };
  const threads = device.threads ?? 1;
  const working =
    device.kind === 'cpu'
      ? estimateCpuMemory(vol, det, keptViews, threads).workingBytes +
        (threads > 1 ? 4 * (2 * vol.nx * vol.ny * vol.nz + det.nu * det.nv * keptViews) : 0)
      : 0;
  const job: ReconJobSize = {
    method: settings.method,
    raw: { nu: info.nu, nv: rows * settings.bin, nviews: keptViews },
    keptViews,
    volume: vol,
    detector: det,
    bin: settings.bin,
    projectorWorkingBytes: working,
  };
  // the writer's per-row statistics, and two raw sections while the aligned stack is made
  const fixed = 16 * dims.volume.ny * dims.volume.nz + (prepass ? 8 * info.nu * info.nv : 0);
  return estimateReconMemory(job).totalBytes + fixed;
}

/**
 * Runs `reconstruct` in slab mode when the whole volume would not fit, returning the command's output;
 * null when the in-memory path should run. Throws the memory refusal when slab mode cannot help either.
 */
export async function reconstructInSlabsIfNeeded(
  path: string,
  readOpts: MrcReadOptions,
  series: SeriesSettings,
  settings: ReconSettings,
  outPath: string,
  progress: Progress,
): Promise<CommandOutput | null> {
  const algorithms = await import('../recon/algorithms/index.ts');
  return withMrc(path, readOpts, async (file) => {
    const info = await describeSeries(path, file, series);
    const thicknessPx = resolveThickness(
      settings.thicknessPx,
      info.nu,
      info.nv,
      algorithms.MAX_THICKNESS_FACTOR,
    );
    const excluded = checkExcluded(settings.excludeViews, info.nviews);
    const dims = outputDims(info.nu, info.nv, thicknessPx, settings.bin);
    const device = await chooseDevice(settings.device, settings.threads);
    try {
      try {
        await checkMemory(info, thicknessPx, excluded.length, settings, device, {
          viewsPerRun: (n) => n,
          extraVolumes: 0,
        });
        return null; // fits whole: the usual path
      } catch (e) {
        if (!isWedgeLabError(e) || e.code !== 'too-large') throw e;
        const why = algorithms.slabRefusal(settings.method, info.geometry);
        if (why) throw new WedgeLabError('too-large', `${e.message}; slab mode cannot help: ${why}`);
        const budget = settings.maxMemoryBytes ?? os.freemem();
        const kept = info.nviews - excluded.length;
        const prepass = algorithms.slabCoupling(info.geometry) === 'in-plane';
        const need = (rows: number) => slabBytes(info, thicknessPx, kept, settings, device, rows, prepass);
        const smallest = await need(2);
        if (smallest > budget) {
          throw new WedgeLabError(
            'too-large',
            `${e.message} (slab mode needs ${gb(smallest)} even for 2-row slabs)`,
          );
        }
        // the tallest slab that fits (bytes grow linearly with rows)
        let lo = 2;
        let hi = dims.volume.ny;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if ((await need(mid)) <= budget) lo = mid;
          else hi = mid - 1;
        }
        return await runSlabs(
          file,
          info,
          thicknessPx,
          excluded,
          settings,
          device,
          outPath,
          progress,
          lo,
          prepass,
        );
      }
    } finally {
      await device.release();
    }
  });
}

async function runSlabs(
  file: Parameters<typeof fileRowSource>[0],
  info: SeriesInfo,
  thicknessPx: number,
  excluded: number[],
  settings: ReconSettings,
  device: ReconDevice,
  outPath: string,
  progress: Progress,
  slabRows: number,
  prepass: boolean,
): Promise<CommandOutput> {
  const { reconstructInSlabs, alignedGeometry } = await import('../recon/algorithms/index.ts');
  await mkdir(dirname(outPath) || '.', { recursive: true });
  const dims = outputDims(info.nu, info.nv, thicknessPx, settings.bin).volume;
  const voxel = info.pixelSizeA * settings.bin;
  const out = await createSlabFile(outPath, {
    mode: 2,
    program: `wedgelab reconstruct ${settings.method}`,
    imageStack: false,
    ...dims,
    voxelSizeA: [voxel, voxel, voxel],
  });
  const aligned = prepass
    ? await alignedStackFile(file, info.geometry, `${outPath}.aligned.tmp`, excluded, (f) =>
        progress.update(0.05 * f, 'aligned stack'),
      )
    : undefined;
  try {
    const r = await reconstructInSlabs({
      source: aligned?.source ?? fileRowSource(file),
      geometry: prepass ? alignedGeometry(info.geometry) : info.geometry,
      pixelSizeA: info.pixelSizeA,
      method: settings.method,
      createProjector: device.createProjector,
      filter: settings.filter,
      iterations: settings.iterations,
      lambda: settings.lambda,
      thickness: thicknessPx,
      zOffset: settings.zOffsetPx,
      excludeViews: excluded,
      bin: settings.bin,
      slabRows,
      onSlab: (slab) => out.writeSlab(slab),
      onProgress: (p) => progress.update(0.05 + 0.93 * p.fraction, p.stage),
    });
    await out.finish();
    progress.done();
    const result = { ...r, prealigned: prepass };
    return output(result, info, settings, device, outPath, out.writer.fileBytes, slabRows);
  } catch (e) {
    await out.abort();
    throw e;
  } finally {
    await aligned?.dispose();
  }
}

function output(
  r: import('../recon/algorithms/index.ts').SlabReconstructResult,
  info: SeriesInfo,
  settings: ReconSettings,
  device: ReconDevice,
  outPath: string,
  bytes: number,
  slabRows: number,
): CommandOutput {
  return reconstructOutput(
    {
      result: r,
      dims: r.volumeDims,
      voxelSizeA: r.voxelSizeA,
      voxelText: r.voxelSizeA > 0 ? `${fmt(r.voxelSizeA)} Å/voxel` : 'voxel size unknown',
      totalViews: info.nviews,
      outPath,
      bytes,
      slabs: { count: r.slabs, rows: slabRows },
    },
    settings,
    device,
  );
}
