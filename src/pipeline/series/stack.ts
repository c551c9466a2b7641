// Reading a tilt series' pixels for a job: the whole stack, or rows per slab. A KEPT view with NaN/±Inf
// pixels is refused (they would spread through every voxel); an excluded view is never checked, so a
// damaged view can be left out instead of repaired.
import { WedgeLabError } from '../../core/errors.ts';
import { countNonFinite } from '../../core/stats.ts';
import type { MrcFile } from '../../io/mrc/types.ts';
import type { RowSource } from '../../recon/algorithms/index.ts';

/** One line refusing view `view0` (0-based; messages use IMOD's 1-based numbers), or null when finite. */
export function nonFiniteViewError(name: string, pixels: Float32Array, view0: number): WedgeLabError | null {
  const bad = countNonFinite(pixels);
  if (bad === 0) return null;
  const n = view0 + 1;
  return new WedgeLabError(
    'bad-argument',
    `${name}: ${bad} ${bad === 1 ? 'pixel' : 'pixels'} in view ${n} ${bad === 1 ? 'is' : 'are'} NaN or infinite; fix or exclude the view (--exclude ${n})`,
  );
}

/** All sections into one stack (u + nu·(v + nv·view)); excluded views are read but not checked. */
export async function readStack(
  file: MrcFile,
  excluded0: readonly number[],
  onFraction?: (f: number) => void,
  signal?: AbortSignal,
): Promise<Float32Array> {
  const size = file.header.nx * file.header.ny;
  const into = new Float32Array(size * file.nsections);
  const skip = new Set(excluded0);
  for (let k = 0; k < file.nsections; k++) {
    if (signal?.aborted) throw new WedgeLabError('cancelled', 'reading the tilt series: cancelled');
    const view = await file.readSection(k);
    const err = skip.has(k) ? null : nonFiniteViewError(file.name, view, k);
    if (err) throw err;
    into.set(view, k * size);
    onFraction?.((k + 1) / file.nsections);
  }
  return into;
}

/** Rows of `file`, checked as readStack checks views (slab mode reads only kept views). */
export function fileRowSource(file: MrcFile, name = file.name): RowSource {
  return {
    nu: file.header.nx,
    nv: file.header.ny,
    nviews: file.nsections,
    async readRows(k, y0, y1) {
      const rows = await file.readRows(k, y0, y1);
      const err = nonFiniteViewError(name, rows, k);
      if (err) throw err;
      return rows;
    },
  };
}
