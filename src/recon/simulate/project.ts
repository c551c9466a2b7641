// Reprojection of any volume through a tilt geometry (the `wedgelab project` command), view by view.
import { WedgeLabError } from '../../core/errors.ts';
import type { TiltGeometry } from '../../core/geometry/index.ts';
import type { Volume } from '../../core/types.ts';
import { projectViewInto, rowSpans } from './sparseProject.ts';
import type { SimulateHooks } from './types.ts';

/** Projections nx × ny × nviews (detector = the volume's nx × ny), stack order of `geometry.views`. */
export async function projectVolume(
  volume: Volume,
  geometry: TiltGeometry,
  hooks: SimulateHooks = {},
): Promise<Float32Array> {
  const { nx, ny } = volume;
  const nviews = geometry.views.length;
  if (nviews === 0) throw new WedgeLabError('bad-argument', 'the tilt geometry has no views');
  const plane = nx * ny;
  const out = new Float32Array(plane * nviews);
  const spans = rowSpans(volume.data, volume);
  for (let k = 0; k < nviews; k++) {
    if (hooks.signal?.aborted) throw new WedgeLabError('cancelled', 'projection cancelled');
    hooks.onProgress?.(k / nviews, `view ${k + 1}/${nviews}`);
    projectViewInto(volume.data, spans, geometry.views[k], { nu: nx, nv: ny }, out, k * plane);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
  hooks.onProgress?.(1, 'done');
  return out;
}
