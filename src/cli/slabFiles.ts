// Files for `reconstruct` in slab mode: the tomogram written slab by slab at its byte offsets (OUT.tmp,
// renamed at the end like writeFileAtomic), and the aligned stack (IMOD's .ali) written view by view to a
// temporary file beside the output when the geometry needs the prepass, read back by rows.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { DetectorDims, TiltGeometry } from '../core/geometry/index.ts';
import type { MrcFile } from '../io/mrc/types.ts';
import type { MrcStreamWriter, MrcWriterSpec } from '../io/mrc/index.ts';
import type { RowSource, VolumeSlab } from '../recon/algorithms/index.ts';
import { openNodeSource } from './nodeSource.ts';
import { nonFiniteViewError } from './reconSeries.ts';

async function writeAll(fh: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** An MRC file written in pieces at their offsets; `finish` writes the header and renames into place. */
export interface SlabFile {
  writer: MrcStreamWriter;
  writeSlab(slab: VolumeSlab): Promise<void>;
  writeSection(z: number, data: Float32Array): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

export async function createSlabFile(path: string, spec: MrcWriterSpec, rename0 = true): Promise<SlabFile> {
  const { createMrcWriter } = await import('../io/mrc/index.ts');
  const writer = createMrcWriter(spec);
  const tmp = rename0 ? `${path}.tmp` : path;
  const fh = await open(tmp, 'w');
  await fh.truncate(writer.fileBytes);
  let closed = false;
  const close = async () => {
    if (!closed) await fh.close();
    closed = true;
  };
  return {
    writer,
    async writeSlab(slab) {
      for (const b of writer.encodeSlab(slab.y0, slab.y1, slab.data)) await writeAll(fh, b.bytes, b.position);
    },
    async writeSection(z, data) {
      const b = writer.encodeSections(z, z + 1, data);
      await writeAll(fh, b.bytes, b.position);
    },
    async finish() {
      await writeAll(fh, writer.header(), 0);
      await close();
      if (rename0) await rename(tmp, path);
    },
    async abort() {
      await close();
      await rm(tmp, { force: true });
    },
  };
}

/** Rows of `file`; rows with NaN/±Inf are refused as readStack refuses such a view (only kept views are read). */
export function fileRowSource(file: MrcFile, name = file.name): RowSource {
  const { nx, ny } = file.header;
  return {
    nu: nx,
    nv: ny,
    nviews: file.nsections,
    async readRows(k, y0, y1) {
      const rows = await file.readRows(k, y0, y1);
      const err = nonFiniteViewError(name, rows, k);
      if (err) throw err;
      return rows;
    },
  };
}

/**
 * Resamples every view into the aligned frame, section by section, into `path` (float32), and returns a
 * row source over it plus its cleanup. Only two sections are in memory at a time.
 */
export async function alignedStackFile(
  file: MrcFile,
  geometry: TiltGeometry,
  path: string,
  excluded0: readonly number[],
  onProgress: (fraction: number) => void,
): Promise<{ source: RowSource; dispose(): Promise<void> }> {
  const { alignView } = await import('../recon/algorithms/index.ts');
  const { openMrc } = await import('../io/mrc/index.ts');
  const { nx, ny } = file.header;
  const nviews = file.nsections;
  const det: DetectorDims = { nu: nx, nv: ny };
  const out = await createSlabFile(
    path,
    { mode: 2, program: 'wedgelab reconstruct aligned stack', nx, ny, nz: nviews, voxelSizeA: [0, 0, 0] },
    false,
  );
  const aligned = new Float32Array(nx * ny);
  try {
    for (let k = 0; k < nviews; k++) {
      // excluded views are never read back: zeros keep the file finite
      if (excluded0.includes(k)) aligned.fill(0);
      else {
        const raw = await file.readSection(k);
        const err = nonFiniteViewError(file.name, raw, k);
        if (err) throw err;
        alignView(raw, det, geometry.views[k], aligned);
      }
      await out.writeSection(k, aligned);
      onProgress((k + 1) / nviews);
    }
    await out.finish();
  } catch (e) {
    await out.abort();
    throw e;
  }
  const src = await openNodeSource(path);
  const mrc = await openMrc(src);
  return {
    source: fileRowSource(mrc, file.name),
    async dispose() {
      await src.close();
      await rm(path, { force: true });
    },
  };
}
