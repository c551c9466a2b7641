/**
 * A reconstruct job request (what the Reconstruct panel chose) turned into the parameter part of
 * src/recon's ReconstructRequest: geometry with the import options, method-specific parameters, view
 * exclusion, z-offset. Shared by the reconstruct and the half-set jobs.
 */
import { applyImportOptions, geometryFromTilts, type GeometryImportOptions } from '../core/geometry/index.ts';
import type { TiltGeometry as MaskGeometry } from '../core/metrics/index.ts';
import type { ReconstructRequest } from '../recon/algorithms/index.ts';
import type { LoadedSeries } from './reconSeries.ts';
import type { ReconstructJobRequest } from './reconTypes.ts';

export type ReconParamsPart = Pick<
  ReconstructRequest,
  | 'geometry'
  | 'method'
  | 'filter'
  | 'iterations'
  | 'lambda'
  | 'relaxation'
  | 'subsets'
  | 'positivity'
  | 'thickness'
  | 'zOffset'
  | 'excludeViews'
  | 'bin'
>;

export function reconParams(
  s: Pick<LoadedSeries, 'anglesDeg'>,
  req: Omit<ReconstructJobRequest, 'source'>,
  sourceName: string,
  excludeViews = req.excludeViews,
): ReconParamsPart {
  const iterative = req.method !== 'wbp';
  const ordered = req.method === 'sirt' || req.method === 'sart';
  const geometry = applyImportOptions(
    geometryFromTilts(s.anglesDeg, { tiltSource: sourceName }),
    req.importOptions,
  );
  return {
    geometry,
    method: req.method,
    filter: req.method === 'wbp' ? req.filter : undefined,
    iterations: iterative ? req.iterations : undefined,
    lambda: req.method === 'tv' ? req.lambda : undefined,
    relaxation: ordered ? req.lambda : undefined,
    subsets: ordered ? req.subsets : undefined,
    positivity: iterative ? req.positivity : undefined,
    thickness: req.thickness,
    zOffset: req.zOffset,
    excludeViews: excludeViews && excludeViews.length > 0 ? excludeViews : undefined,
    bin: req.bin,
  };
}

/**
 * The directional-FSC mask for the same import options: inverted angles measure the planes of −θ, and a
 * tilt axis turned by 180° turns the planes' in-plane direction with it.
 */
export function maskGeometry(opts: GeometryImportOptions | undefined): MaskGeometry {
  return {
    angleSign: opts?.invertAngles ? -1 : 1,
    tiltAxisAngleDeg: opts?.axisRotated180 ? 180 : 0,
  };
}
