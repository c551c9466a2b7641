// Forward projection for simulation and reprojection (`wedgelab project`): Joseph's ray-driven projector,
// whose line integrals are within ~1% of exact at every tilt (the splat transpose of the backprojector
// shows ±12% stripes near 45°, which would then haunt every reconstruction of simulated data).
import { WedgeLabError } from '../../core/errors.ts';
import type { TiltGeometry } from '../../core/geometry/index.ts';
import type { Volume } from '../../core/types.ts';
import { createJosephProjector } from '../reference/index.ts';
import type { SimulateHooks } from './types.ts';

/** Projections nx × ny × nviews (detector = the volume's nx × ny), stack order of `geometry.views`. */
export async function projectVolume(
  volume: Volume,
  geometry: TiltGeometry,
  hooks: SimulateHooks = {},
): Promise<Float32Array> {
  const { nx, ny, nz } = volume;
  if (geometry.views.length === 0) throw new WedgeLabError('bad-argument', 'the tilt geometry has no views');
  const projector = createJosephProjector(geometry, { nx, ny, nz }, { nu: nx, nv: ny });
  const out = await projector.forward(volume.data, undefined, undefined, {
    signal: hooks.signal,
    onProgress: (f) => hooks.onProgress?.(f, 'projecting'),
  });
  projector.dispose();
  return out;
}
