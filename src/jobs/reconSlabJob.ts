/**
 * A browser reconstruction in Y-slabs (recon/algorithms/slabs.ts) for volumes a tab cannot hold: rows of
 * every view are read per slab from the stack (MrcFile.readRows, never the whole series), each slab is
 * reconstructed with the chosen projector and written at its offset into a file in browser storage
 * (io/mrc/stream.ts; header last), and the three orthoslices are built as slabs complete. An in-plane
 * rotation or y-shifts are first resampled into an aligned float32 stack in a second, temporary file.
 * Cancel or failure deletes both files.
 */
import { WedgeLabError } from '../core/errors.ts';
import { countNonFinite } from '../core/stats.ts';
import { createMrcWriter, type MrcFile } from '../io/mrc/index.ts';
import {
  alignedGeometry,
  alignView,
  reconstructInSlabs,
  slabCoupling,
  slabRanges,
  type RowSource,
} from '../recon/algorithms/index.ts';
import type { ChosenDevice } from './reconDevice.ts';
import type { ProgressUpdate } from './reconProgress.ts';
import type { ReconParamsPart } from './reconRequest.ts';
import type { OrthoSlices, VoxelPos } from './orthoSlices.ts';
import type { SlabStorage, SyncFile } from './opfs.ts';
import { slabSlices } from './slabPreview.ts';

export interface SlabJobOptions {
  params: ReconParamsPart;
  pixelSizeA: number;
  slabRows: number;
  /** the output file's name in storage */
  fileName: string;
  /** MRC label, e.g. 'wedgelab wbp' */
  program: string;
  /** header date (tests pin it) */
  date?: Date;
  previewAt?: VoxelPos;
  signal?: AbortSignal;
  onProgress?: (p: ProgressUpdate) => void;
  /** slices after each slab (copies) */
  onSlices?: (slices: OrthoSlices, window: { lo: number; hi: number }, stage: string) => void;
}

export interface SlabJobOutcome {
  fileName: string;
  fileBytes: number;
  slabs: number;
  dims: { nx: number; ny: number; nz: number };
  slices: OrthoSlices;
  window: { lo: number; hi: number };
  device: string;
  residuals: number[];
  iterations: number;
  seconds: number;
  voxelUpdates: number;
}

const gb = (b: number): string => (b < 1e9 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e9).toFixed(1)} GB`);

function writeAll(file: SyncFile, bytes: Uint8Array, at: number): void {
  for (let done = 0; done < bytes.length;) {
    const n = file.write(bytes.subarray(done), { at: at + done });
    if (n <= 0)
      throw new WedgeLabError('unsupported', `browser storage: could not write at byte ${at + done}`);
    done += n;
  }
}

function checkRows(name: string, rows: Float32Array, k: number): Float32Array {
  const bad = countNonFinite(rows);
  if (bad > 0) {
    throw new WedgeLabError(
      'bad-argument',
      `${name}: ${bad} ${bad === 1 ? 'pixel' : 'pixels'} in view ${k + 1} ${bad === 1 ? 'is' : 'are'} NaN or infinite; fix or exclude the view`,
    );
  }
  return rows;
}

/** The rows of the stack, NaN/±Inf refused as readSeries refuses them. */
function mrcRows(mrc: MrcFile): RowSource {
  return {
    nu: mrc.header.nx,
    nv: mrc.header.ny,
    nviews: mrc.nsections,
    readRows: async (k, y0, y1) => checkRows(mrc.name, await mrc.readRows(k, y0, y1), k),
  };
}

/** Every kept view resampled into the aligned frame, as float32 in `file`; its rows as a RowSource. */
async function alignedStack(
  mrc: MrcFile,
  params: ReconParamsPart,
  file: SyncFile,
  signal: AbortSignal | undefined,
  onFraction: (f: number) => void,
): Promise<RowSource> {
  const { nx: nu, ny: nv } = mrc.header;
  const nviews = mrc.nsections;
  const excluded = new Set(params.excludeViews ?? []);
  const aligned = new Float32Array(nu * nv);
  const bytes = new Uint8Array(aligned.buffer);
  for (let k = 0; k < nviews; k++) {
    if (signal?.aborted) throw new WedgeLabError('cancelled', 'aligned stack: cancelled');
    if (excluded.has(k)) aligned.fill(0);
    else
      alignView(
        checkRows(mrc.name, await mrc.readSection(k), k),
        { nu, nv },
        params.geometry.views[k],
        aligned,
      );
    writeAll(file, bytes, 4 * nu * nv * k);
    onFraction((k + 1) / nviews);
  }
  return {
    nu,
    nv,
    nviews,
    readRows(k, y0, y1) {
      const out = new Float32Array(nu * (y1 - y0));
      file.read(new Uint8Array(out.buffer), { at: 4 * nu * (y0 + nv * k) });
      return out;
    },
  };
}

export async function runSlabJob(
  mrc: MrcFile,
  storage: SlabStorage,
  device: Pick<ChosenDevice, 'createProjector' | 'fallback' | 'label'>,
  o: SlabJobOptions,
): Promise<SlabJobOutcome> {
  const { params } = o;
  const bin = params.bin ?? 1;
  const nu = mrc.header.nx;
  const nv = mrc.header.ny;
  const dims = {
    nx: Math.max(2, Math.round(nu / bin)),
    ny: Math.floor(nv / bin),
    nz: Math.max(1, Math.round(params.thickness / bin)),
  };
  const voxel = o.pixelSizeA * bin;
  const writer = createMrcWriter({
    mode: 2,
    program: o.program,
    date: o.date,
    ...dims,
    voxelSizeA: [voxel, voxel, voxel],
  });
  const prepass = slabCoupling(params.geometry) === 'in-plane';
  const tempName = `${o.fileName}.aligned.tmp`;
  const need = writer.fileBytes + (prepass ? 4 * nu * nv * mrc.nsections : 0);
  const free = await storage.freeBytes();
  if (free !== null && need > free) {
    const ours = (await storage.storedBytes?.()) ?? 0;
    const fix =
      ours > 0
        ? `, and earlier WedgeLab results hold ${gb(ours)} there: Dismiss the last result (Download it first to keep it) or clear this site's data, or use a larger bin`
        : '; free some site data or use a larger bin';
    throw new WedgeLabError(
      'too-large',
      `browser storage has ${gb(free)} free and this ${dims.nx}×${dims.ny}×${dims.nz} tomogram needs ${gb(need)}${fix}`,
    );
  }
  const preview = slabSlices(dims, o.previewAt);
  const total = slabRanges(dims.ny, o.slabRows).length;
  let written = 0;
  const out = await storage.open(o.fileName);
  let temp: SyncFile | null = null;
  let ok = false;
  try {
    out.truncate(writer.fileBytes);
    let source = mrcRows(mrc);
    const share = prepass ? 0.1 : 0;
    if (prepass) {
      temp = await storage.open(tempName);
      source = await alignedStack(mrc, params, temp, o.signal, (f) =>
        o.onProgress?.({ fraction: share * f, stage: 'aligned stack' }),
      );
    }
    const r = await reconstructInSlabs({
      ...params,
      geometry: prepass ? alignedGeometry(params.geometry) : params.geometry,
      pixelSizeA: o.pixelSizeA,
      source,
      slabRows: o.slabRows,
      createProjector: device.createProjector,
      createFallbackProjector: device.fallback,
      signal: o.signal,
      onProgress: (p) =>
        o.onProgress?.({
          fraction: share + (1 - share) * p.fraction,
          stage: p.stage,
          iteration: p.iteration,
          residual: p.residual,
        }),
      onSlab(slab) {
        // a section's rows at a time, so the encoded copy is one section of the slab, not the whole slab
        const plane = slab.nx * (slab.y1 - slab.y0);
        for (let z = 0; z < slab.nz; z++) {
          const rows = slab.data.subarray(z * plane, (z + 1) * plane);
          for (const b of writer.encodeRows(slab.y0, slab.y1, z, z + 1, rows))
            writeAll(out, b.bytes, b.position);
        }
        preview.add(slab);
        o.onSlices?.(preview.slices(), preview.window(), `slab ${++written}/${total}`);
      },
    });
    writeAll(out, writer.header(), 0);
    out.flush();
    ok = true;
    return {
      fileName: o.fileName,
      fileBytes: writer.fileBytes,
      slabs: r.slabs,
      dims,
      slices: preview.slices(),
      window: preview.window(),
      device: r.device,
      residuals: r.residuals,
      iterations: r.iterations,
      seconds: r.seconds,
      voxelUpdates: r.voxelUpdates,
    };
  } finally {
    out.close();
    temp?.close();
    if (temp) await storage.remove(tempName);
    if (!ok) await storage.remove(o.fileName);
  }
}
