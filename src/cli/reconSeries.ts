// A tilt series as `reconstruct` and `halfset` take it: header sizes, angles (.tlt or the extended
// header), .xf and import options checked against the section count BEFORE any data is read, so every
// mismatch fails in milliseconds with one line. io/geometry are imported lazily.
import { WedgeLabError } from '../core/errors.ts';
import { countNonFinite } from '../core/stats.ts';
import type { TiltGeometry } from '../core/geometry/index.ts';
import type { MrcFile } from '../io/mrc/types.ts';
import { tiltAnglesOf } from './mrcInput.ts';
import type { SeriesSettings } from './reconOptions.ts';
import { loadTilts, loadXf } from './metaFiles.ts';

export interface SeriesInfo {
  path: string;
  nu: number;
  nv: number;
  nviews: number;
  /** Å per pixel from the header; 0 when the header leaves it 0 (unknown), carried to the output cell */
  pixelSizeA: number;
  /** nominal angles in file order (before --invert-angles) */
  anglesDeg: number[];
  anglesFrom: string;
  geometry: TiltGeometry;
}

/** Reads the header-level facts and builds the geometry; throws WedgeLabError on any mismatch. */
export async function describeSeries(path: string, file: MrcFile, s: SeriesSettings): Promise<SeriesInfo> {
  const { nx, ny } = file.header;
  const nviews = file.nsections;
  let anglesDeg: number[];
  let anglesFrom: string;
  if (s.tiltsPath) {
    anglesDeg = await loadTilts(s.tiltsPath);
    anglesFrom = s.tiltsPath;
  } else {
    const fromHeader = tiltAnglesOf(file);
    if (!fromHeader) {
      throw new WedgeLabError(
        'bad-argument',
        `${path} has no tilt angles in its extended header; give them with --tilts TS.tlt`,
      );
    }
    anglesDeg = fromHeader;
    anglesFrom = `${path} (extended header)`;
  }
  if (anglesDeg.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${anglesFrom} has ${anglesDeg.length} tilt angles but ${path} has ${nviews} sections; give one angle per section`,
    );
  }
  const xf = s.xfPath ? await loadXf(s.xfPath) : undefined;
  if (xf && xf.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${s.xfPath} has ${xf.length} transforms but ${path} has ${nviews} sections; give one .xf line per section`,
    );
  }
  const { geometryFromTilts } = await import('../core/geometry/index.ts');
  const geometry = geometryFromTilts(anglesDeg, {
    xf,
    axisRotationDeg: s.axisRotationDeg,
    invertAngles: s.invertAngles,
    tiltSource: anglesFrom,
    xfSource: s.xfPath,
  });
  const raw = Math.abs(file.header.voxelSizeA[0]);
  return {
    path,
    nu: nx,
    nv: ny,
    nviews,
    pixelSizeA: Number.isFinite(raw) ? raw : 0,
    anglesDeg,
    anglesFrom,
    geometry,
  };
}

/**
 * One line refusing a view with NaN/±Inf pixels (they would spread through every voxel of a
 * reconstruction), or null when the view is finite. `view0` is 0-based; messages use IMOD's 1-based numbers.
 */
export function nonFiniteViewError(name: string, view: Float32Array, view0: number): WedgeLabError | null {
  const bad = countNonFinite(view);
  if (bad === 0) return null;
  const n = view0 + 1;
  return new WedgeLabError(
    'bad-argument',
    `${name}: ${bad} ${bad === 1 ? 'pixel' : 'pixels'} in view ${n} ${bad === 1 ? 'is' : 'are'} NaN or infinite; fix or exclude the view (--exclude ${n})`,
  );
}

/**
 * All sections into one stack (index u + nu·(v + nv·view)); onProgress gets the fraction read. A kept view
 * with non-finite pixels is refused; excluded views (0-based) are read but not checked.
 */
export async function readStack(
  file: MrcFile,
  into: Float32Array,
  onProgress?: (fraction: number) => void,
  excluded0: readonly number[] = [],
): Promise<Float32Array> {
  const size = file.header.nx * file.header.ny;
  const skip = new Set(excluded0);
  for (let k = 0; k < file.nsections; k++) {
    const view = await file.readSection(k);
    const err = skip.has(k) ? null : nonFiniteViewError(file.name, view, k);
    if (err) throw err;
    into.set(view, k * size);
    onProgress?.((k + 1) / file.nsections);
  }
  return into;
}

/** The thickness the job will use (unbinned px), checked before anything is allocated. */
export function resolveThickness(thicknessPx: number | undefined, nu: number, nv: number, maxFactor: number) {
  const t = thicknessPx ?? Math.max(1, Math.round(nu / 4));
  const maxT = maxFactor * Math.max(nu, nv);
  if (!Number.isFinite(t) || t <= 0 || t > maxT) {
    throw new WedgeLabError(
      'bad-argument',
      `--thickness ${t} is impossible for ${nu}×${nv} views; give a whole number of pixels from 1 to ${maxT} (e.g. ${Math.max(1, Math.round(nu / 4))})`,
    );
  }
  return t;
}

/** Output and binned-view dims as prepareSeries computes them (views ⌊n/bin⌋, nx and nz rounded). */
export function outputDims(nu: number, nv: number, thicknessPx: number, bin: number) {
  const du = Math.floor(nu / bin);
  const dv = Math.floor(nv / bin);
  if (du < 2 || dv < 2) {
    throw new WedgeLabError(
      'bad-argument',
      `--bin ${bin} leaves ${du}×${dv} views from ${nu}×${nv}; use a smaller bin`,
    );
  }
  return {
    volume: { nx: Math.max(2, Math.round(nu / bin)), ny: dv, nz: Math.max(1, Math.round(thicknessPx / bin)) },
    detector: { nu: du, nv: dv },
  };
}

/** 1-based view numbers must exist; returns the 0-based list. */
export function checkExcluded(excluded0: readonly number[], nviews: number): number[] {
  for (const v of excluded0) {
    if (v >= nviews) {
      throw new WedgeLabError(
        'bad-argument',
        `--exclude ${v + 1}: the series has views 1…${nviews} only (numbered from 1, as IMOD EXCLUDELIST)`,
      );
    }
  }
  if (new Set(excluded0).size >= nviews) {
    throw new WedgeLabError('bad-argument', `--exclude leaves no views out of ${nviews}; keep at least one`);
  }
  return [...new Set(excluded0)].sort((a, b) => a - b);
}
