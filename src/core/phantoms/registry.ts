/**
 * makePhantom: one entry point for every phantom family. Designs primitives in centred voxel coordinates,
 * honouring a tilt margin (no mass leaves the detector over |θ| ≤ maxTiltDeg, with room for the low-pass),
 * rasterises them with surface supersampling, optionally low-passes, and reports the actual tilt extent.
 */
import { WedgeLabError } from '../errors.ts';
import type { Volume } from '../types.ts';
import { placeBeads } from './beads.ts';
import { designBeads } from './beads.ts';
import { designCapsid } from './capsid.ts';
import type { PhantomContext, PhantomDesign } from './context.ts';
import { gaussianLowpass, lowpassRadiusPx } from './lowpass.ts';
import type { TiltMargin } from './margin.ts';
import { marginForTilt, volumeTiltExtentPx } from './margin.ts';
import type { Primitive } from './primitives.ts';
import { isAnalytic } from './primitives.ts';
import { Rng } from './random.ts';
import { rasterize } from './rasterize.ts';
import { designShapes } from './shapes.ts';
import { designShepp } from './shepp.ts';
import { designSpheres } from './spheres.ts';
import { designVesicles } from './vesicles.ts';

export const PHANTOM_NAMES = ['spheres', 'shapes', 'shepp', 'capsid', 'vesicles', 'beads'] as const;
export type PhantomName = (typeof PHANTOM_NAMES)[number];

export interface PhantomOptions {
  nx: number;
  ny: number;
  nz: number;
  /** PRNG seed (integer); default 1. The Shepp–Logan table ignores it (beads added to it do not). */
  seed?: number;
  /** Gaussian low-pass sigma in voxels, applied after rasterisation; 0/undefined for none */
  lowpassSigmaPx?: number;
  /** keep all mass on the detector for tilts up to ±maxTiltDeg about y; default 60 (0 = box margin only) */
  maxTiltDeg?: number;
  /** Å per voxel; sets physical sizes (bilayer, beads, capsid). Default 10 (vesicles 5; capsid fills the box) */
  voxelSizeA?: number;
  /** subsamples per axis for surface voxels; default 4 */
  supersample?: number;
  /** number of main objects (spheres, shapes, vesicles, beads); default scales with the volume */
  count?: number;
  /** thickness of the specimen slab in z (px); default 60% of nz (full height for shepp, capsid, vesicles) */
  slabThicknessPx?: number;
  /** gold beads to add to the phantom (the "beads" phantom uses `count`) */
  beads?: number;
}

export interface PhantomResult {
  name: PhantomName;
  volume: Volume;
  /** what was rasterised, in centred voxel coordinates (before any low-pass) */
  primitives: Primitive[];
  /** true when every primitive has an exact line integral (projectEllipsoidsAnalytic applies) */
  analytic: boolean;
  margin: TiltMargin;
  /** max over the centres of non-zero voxels and |θ| ≤ maxTiltDeg of |x cos θ + z sin θ| (px, centred) */
  tiltExtentPx: number;
  /** (nx − 1)/2, the outermost detector pixel centre: a larger tiltExtentPx means mass leaves the detector */
  detectorLimitPx: number;
}

const DESIGNERS: Record<PhantomName, (ctx: PhantomContext) => PhantomDesign> = {
  spheres: designSpheres,
  shapes: designShapes,
  shepp: designShepp,
  capsid: designCapsid,
  vesicles: designVesicles,
  beads: designBeads,
};

export function isPhantomName(name: string): name is PhantomName {
  return (PHANTOM_NAMES as readonly string[]).includes(name);
}

function checkSize(label: string, n: number): void {
  if (!Number.isInteger(n) || n < 4 || n > 4096) {
    throw new WedgeLabError('bad-argument', `phantom ${label} must be an integer from 4 to 4096, got ${n}`);
  }
}

export function makePhantom(name: string, opts: PhantomOptions): PhantomResult {
  if (!isPhantomName(name)) {
    throw new WedgeLabError(
      'bad-argument',
      `unknown phantom "${name}": choose one of ${PHANTOM_NAMES.join(', ')}`,
    );
  }
  const { nx, ny, nz } = opts;
  checkSize('nx', nx);
  checkSize('ny', ny);
  checkSize('nz', nz);
  if (nx * ny * nz > 1024 ** 3) {
    throw new WedgeLabError(
      'too-large',
      `phantom ${nx}×${ny}×${nz} exceeds 1024³ voxels; use a smaller size`,
    );
  }
  const sigma = opts.lowpassSigmaPx ?? 0;
  if (!(sigma >= 0)) throw new WedgeLabError('bad-argument', `lowpassSigmaPx must be ≥ 0, got ${sigma}`);
  const maxTiltDeg = opts.maxTiltDeg ?? 60;
  if (!(Math.abs(maxTiltDeg) < 90)) {
    throw new WedgeLabError(
      'bad-argument',
      `maxTiltDeg must be between -90 and 90 (exclusive), got ${maxTiltDeg}`,
    );
  }
  if (opts.voxelSizeA !== undefined && !(opts.voxelSizeA > 0)) {
    throw new WedgeLabError('bad-argument', `voxelSizeA must be > 0, got ${opts.voxelSizeA}`);
  }
  const margin = marginForTilt(nx, nz, maxTiltDeg, ny, lowpassRadiusPx(sigma));
  const fullHeight = name === 'shepp' || name === 'capsid' || name === 'vesicles';
  const slabHalfPx = Math.min(
    margin.halfZPx,
    opts.slabThicknessPx !== undefined ? opts.slabThicknessPx / 2 : fullHeight ? Infinity : 0.3 * nz,
  );
  const ctx: PhantomContext = {
    nx,
    ny,
    nz,
    rng: new Rng(opts.seed ?? 1),
    margin,
    slabHalfPx,
    voxelSizeA: opts.voxelSizeA,
    count: opts.count,
  };
  const design = DESIGNERS[name](ctx);
  const primitives = design.primitives;
  if (opts.beads && opts.beads > 0 && name !== 'beads') {
    primitives.push(...placeBeads(ctx, Math.round(opts.beads), design.voxelSizeA, primitives));
  }
  let data = rasterize(nx, ny, nz, primitives, { supersample: opts.supersample });
  if (sigma > 0) data = gaussianLowpass(data, nx, ny, nz, sigma);
  const vs = design.voxelSizeA;
  const volume: Volume = { nx, ny, nz, data, voxelSizeA: [vs, vs, vs] };
  return {
    name,
    volume,
    primitives,
    analytic: primitives.every(isAnalytic),
    margin,
    tiltExtentPx: volumeTiltExtentPx(volume, maxTiltDeg),
    detectorLimitPx: (nx - 1) / 2,
  };
}
