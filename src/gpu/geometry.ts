// The bridge from the one geometry convention (src/core/geometry) to the kernels' per-view coefficients.
import { type DetectorDims, type TiltGeometry, type VolumeDims, viewAffine } from '../core/geometry/index.ts';
import type { AffineView } from './kernels/views.ts';

export function affineViews(geometry: TiltGeometry, vol: VolumeDims, det: DetectorDims): AffineView[] {
  return geometry.views.map((view) => {
    const m = viewAffine(view, vol, det);
    return { u: [m.ux, m.uy, m.uz, m.u0], v: [m.vx, m.vy, m.vz, m.v0], weight: m.weight };
  });
}
