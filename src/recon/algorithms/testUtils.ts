// Test helpers only: correlation, seeded noise, small phantom problems with the reference projector
// (data from the same projector, or from Joseph's).
import { makePhantom } from '../../core/phantoms/index.ts';
import type { TiltGeometry, VolumeDims } from '../../core/geometry/index.ts';
import { createJosephProjector, createReferenceProjector } from '../reference/index.ts';

export { correlation, maxRelDiff } from '../reference/testVolumes.ts';

/** Deterministic N(0, sigma²) noise (mulberry32 + Box–Muller). */
export function addGaussianNoise(data: Float32Array, sigma: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const rand = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = data.slice();
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rand()));
    const t = 2 * Math.PI * rand();
    out[i] += sigma * r * Math.cos(t);
    if (i + 1 < out.length) out[i + 1] += sigma * r * Math.sin(t);
  }
  return out;
}

export function rangeGeometry(fromDeg: number, toDeg: number, count: number): TiltGeometry {
  const step = count > 1 ? (toDeg - fromDeg) / (count - 1) : 0;
  return { views: Array.from({ length: count }, (_, i) => ({ angleDeg: fromDeg + i * step })) };
}

/**
 * A phantom, its geometry's reference projector and noise-free projections. `data: 'joseph'` makes the
 * projections with Joseph's ray-driven projector (what `simulate` uses) instead of the splat the algorithm
 * reconstructs with: no "inverse crime", so quality figures say something about real data.
 */
export async function phantomProblem(
  name: 'shepp' | 'spheres' | 'shapes',
  dims: VolumeDims,
  geometry: TiltGeometry,
  maxTiltDeg = 60,
  data: 'reference' | 'joseph' = 'reference',
) {
  const truth = makePhantom(name, { ...dims, maxTiltDeg, seed: 3 }).volume.data;
  const projector = createReferenceProjector(geometry, dims);
  const projections = await (
    data === 'joseph' ? createJosephProjector(geometry, dims, projector.detectorDims) : projector
  ).forward(truth);
  return { truth, projector, projections };
}
