/**
 * One projection-matching reference: the aligned views (tilt axis on +y) reconstructed by WBP through the
 * CPU projector, then reprojected at every view's angle, each view's own contribution removed exactly
 * (selfTerm.ts), so that a view is compared only with what the OTHER views say it should look like.
 */
import { geometryFromTilts, type DetectorDims, type VolumeDims } from '../../core/geometry/index.ts';
import { wbp } from '../../recon/algorithms/wbp.ts';
import type { Scratch } from '../../recon/algorithms/hooks.ts';
import { createCpuProjector } from '../../recon/cpu/index.ts';
import type { Projector } from '../../recon/projector.ts';
import { selfTerm, subtractSelfTerm, type SelfTerm } from './selfTerm.ts';

export interface Reprojector {
  readonly volumeDims: VolumeDims;
  readonly detectorDims: DetectorDims;
  /**
   * Reprojections (same layout as `views`: nu·nv per view, in the order of the angles), leave-one-out
   * unless `leaveOneOut` is false. `views` are aligned, finite, nu·nv each.
   */
  reproject(views: Float32Array, leaveOneOut: boolean, signal?: AbortSignal): Promise<Float32Array>;
  /** the WBP volume of the views (x fastest, then y, then z); valid until the next call */
  reconstruct(views: Float32Array, signal?: AbortSignal): Promise<Float32Array>;
  dispose(): void;
}

/** Keeps the arrays wbp takes, so the filtered views can be read after it (and reused next round). */
function keepingScratch(): Scratch & { get(key: string): Float32Array | undefined } {
  const buffers = new Map<string, Float32Array<ArrayBuffer>>();
  return {
    take(key, length) {
      let b = buffers.get(key);
      if (!b || b.length !== length) {
        b = new Float32Array(length);
        buffers.set(key, b);
      } else b.fill(0);
      return b;
    },
    get: (key) => buffers.get(key),
  };
}

export function createReprojector(
  anglesDeg: readonly number[],
  volumeDims: VolumeDims,
  detectorDims: DetectorDims,
  threads?: number,
  zCentrePx = 0,
): Reprojector {
  if (volumeDims.ny !== detectorDims.nv || (volumeDims.nx - detectorDims.nu) % 2 !== 0) {
    throw new RangeError(
      'createReprojector: the volume must be as tall as the views, its width differ by an even number',
    );
  }
  // a volume centred at depth z0 projects like one centred at 0, moved by z0·sin θ on the detector
  const geometry = geometryFromTilts(anglesDeg, {
    shiftsPx: anglesDeg.map((a) => [-zCentrePx * Math.sin((a * Math.PI) / 180), 0] as [number, number]),
  });
  const projector: Projector = createCpuProjector(
    geometry,
    volumeDims,
    detectorDims,
    threads ? { threads } : {},
  );
  const terms: SelfTerm[] = geometry.views.map((v) => selfTerm(v, volumeDims, detectorDims));
  const scratch = keepingScratch();
  const plane = detectorDims.nu * detectorDims.nv;
  let out: Float32Array | undefined;
  return {
    volumeDims,
    detectorDims,
    async reproject(views, leaveOneOut, signal) {
      const rec = await wbp(projector, views, { signal, scratch });
      out = await projector.forward(rec, out, undefined, { signal });
      if (leaveOneOut) {
        const filtered = scratch.get('filtered')!;
        terms.forEach((t, k) => {
          const range = [k * plane, (k + 1) * plane] as const;
          subtractSelfTerm(out!.subarray(...range), filtered.subarray(...range), t, detectorDims.nv);
        });
      }
      return out;
    },
    reconstruct: (views, signal) => wbp(projector, views, { signal, scratch }),
    dispose: () => projector.dispose(),
  };
}
