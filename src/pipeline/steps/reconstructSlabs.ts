// Step 3 for a volume larger than the budget: Y-slabs (src/recon/algorithms/slabs.ts), each read by rows
// from the stack and written at its offsets into the host's output before the next starts. An in-plane
// rotation or y-shifts are first resampled into an aligned stack in a host scratch file.
import { WedgeLabError } from '../../core/errors.ts';
import type { MrcFile } from '../../io/mrc/types.ts';
import {
  alignedGeometry,
  alignView,
  reconstructInSlabs,
  slabCoupling,
  slabRanges,
  type RowSource,
  type SlabReconstructResult,
  type VolumeSlab,
} from '../../recon/algorithms/index.ts';
import type { Recipe } from '../recipe/index.ts';
import { jobDims } from '../plan/memory.ts';
import { fmtBytes } from '../plan/plan.ts';
import { fileRowSource, nonFiniteViewError } from '../series/stack.ts';
import type { PipelineDevice } from '../run/device.ts';
import type { Host, ScratchFile } from '../run/host.ts';
import { recipePathFor, volumeWriter, type Provenance } from './exportVolume.ts';
import type { LoadedSeries } from './load.ts';
import { reconParams } from './params.ts';

/** Every kept view resampled into the aligned frame, into `scratch` (float32), read back by rows. */
async function alignedStack(
  file: MrcFile,
  s: LoadedSeries,
  scratch: ScratchFile,
  host: Host,
  share: number,
): Promise<RowSource> {
  const { nu, nv, nviews } = s;
  const excluded = new Set(s.excluded);
  const aligned = new Float32Array(nu * nv);
  for (let k = 0; k < nviews; k++) {
    if (host.signal?.aborted) throw new WedgeLabError('cancelled', 'aligned stack: cancelled');
    if (excluded.has(k))
      aligned.fill(0); // never read back: zeros keep the file finite
    else {
      const raw = await file.readSection(k);
      const err = nonFiniteViewError(s.name, raw, k);
      if (err) throw err;
      alignView(raw, { nu, nv }, s.geometry.views[k], aligned);
    }
    await scratch.write(new Uint8Array(aligned.buffer), 4 * nu * nv * k);
    host.progress?.({ fraction: (share * (k + 1)) / nviews, stage: 'aligned stack' });
  }
  return {
    nu,
    nv,
    nviews,
    async readRows(k, y0, y1) {
      const out = new Float32Array(nu * (y1 - y0));
      await scratch.read(new Uint8Array(out.buffer), 4 * nu * (y0 + nv * k));
      return out;
    },
  };
}

/** Which slab was just written, of how many, in a volume of which size. */
export interface SlabAt {
  index: number;
  total: number;
  dims: { nx: number; ny: number; nz: number };
}

export interface SlabRun extends SlabReconstructResult {
  fileBytes: number;
  slabRows: number;
}

export async function reconstructSlabs(
  recipe: Recipe,
  s: LoadedSeries,
  device: PipelineDevice,
  host: Host,
  slabRows: number,
  provenance: Provenance,
  onSlab?: (slab: VolumeSlab, at: SlabAt) => void,
): Promise<SlabRun> {
  const path = recipe.export.volume;
  if (!path) {
    throw new WedgeLabError(
      'bad-argument',
      'slab mode writes the tomogram slab by slab: set export.volume (--out)',
    );
  }
  const prepass = slabCoupling(s.geometry) === 'in-plane';
  const bin = recipe.reconstruct.bin;
  const dims = jobDims({ nu: s.nu, nv: s.nv, bin, thicknessPx: s.thicknessPx }).volume;
  const writer = volumeWriter(recipe, dims, s.pixelSizeA * bin, provenance);
  const need = writer.fileBytes + (prepass ? 4 * s.nu * s.nv * s.nviews : 0);
  const free = (await host.freeOutputBytes?.()) ?? null;
  if (free !== null && need > free) {
    const fix = (await host.outputSpaceAdvice?.()) ?? '; free some space or use a larger bin';
    throw new WedgeLabError(
      'too-large',
      `the output storage has ${fmtBytes(free)} free and this ${dims.nx}×${dims.ny}×${dims.nz} tomogram needs ${fmtBytes(need)}${fix}`,
    );
  }
  const total = slabRanges(dims.ny, slabRows).length;
  const out = await host.createOutput(path, writer.fileBytes);
  let scratch: ScratchFile | null = null;
  let written = 0;
  try {
    const share = prepass ? 0.1 : 0;
    let source = fileRowSource(s.file, s.name);
    if (prepass) {
      scratch = await host.createScratch(`${path}.aligned.tmp`, 4 * s.nu * s.nv * s.nviews);
      source = await alignedStack(s.file, s, scratch, host, share);
    }
    const r = await reconstructInSlabs({
      ...reconParams(recipe, s),
      geometry: prepass ? alignedGeometry(s.geometry) : s.geometry,
      source,
      slabRows,
      createProjector: device.createProjector,
      createFallbackProjector: device.fallback,
      onDeviceFallback: (e) => host.warn(e.message),
      signal: host.signal,
      onProgress: (p) =>
        host.progress?.({
          fraction: share + (1 - share) * p.fraction,
          stage: p.stage,
          iteration: p.iteration,
          iterations: recipe.reconstruct.method === 'wbp' ? undefined : recipe.reconstruct.iterations,
          residual: p.residual,
        }),
      async onSlab(slab) {
        // a section's rows at a time: the encoded copy is one section of the slab, not the whole slab
        const plane = slab.nx * (slab.y1 - slab.y0);
        for (let z = 0; z < slab.nz; z++) {
          const rows = slab.data.subarray(z * plane, (z + 1) * plane);
          for (const b of writer.encodeRows(slab.y0, slab.y1, z, z + 1, rows))
            await out.write(b.bytes, b.position);
        }
        onSlab?.(slab, { index: ++written, total, dims });
      },
    });
    await out.write(writer.header(), 0);
    await out.finish();
    await host.writeRecipe(recipePathFor(path), recipe);
    return { ...r, fileBytes: writer.fileBytes, slabRows };
  } catch (e) {
    await out.abort();
    throw e;
  } finally {
    await scratch?.dispose();
  }
}
