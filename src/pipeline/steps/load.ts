// Step 1, load: open the stack, read its angles (.tlt/.rawtlt/.mdoc, else the extended header), .xf and
// tilt-axis angle, and check every parameter against the header BEFORE any pixel is read, so each mismatch
// fails in milliseconds with one line naming the file and the field.
import { WedgeLabError } from '../../core/errors.ts';
import { geometryFromTilts, type TiltGeometry } from '../../core/geometry/index.ts';
import { parseFilterSpec } from '../../core/filters/index.ts';
import { parseMdoc, parseTlt, parseXf } from '../../io/meta/index.ts';
import { maybeDecompress, openMrc, sectionTiltAnglesDeg } from '../../io/mrc/index.ts';
import type { MrcFile } from '../../io/mrc/types.ts';
import { MAX_THICKNESS_FACTOR } from '../../recon/algorithms/index.ts';
import { fieldLabel, type Recipe } from '../recipe/index.ts';
import { parseViewList } from '../series/viewList.ts';
import type { Host } from '../run/host.ts';

/** The thickness a recipe without reconstruct.thicknessPx gets: nx / 4 (unbinned pixels). */
export const defaultThicknessPx = (nx: number): number => Math.max(1, Math.round(nx / 4));

export interface LoadedSeries {
  file: MrcFile;
  name: string;
  nu: number;
  nv: number;
  nviews: number;
  /** Å per pixel from the header; 0 = unknown (carried to the output cell) */
  pixelSizeA: number;
  /** nominal angles in file order (before invertAngles) */
  anglesDeg: number[];
  anglesFrom: string;
  axisRotationDeg: number;
  /** 'recipe', 'TS.mdoc' (its Tilt axis angle), or 'default' (0) */
  axisFrom: string;
  geometry: TiltGeometry;
  /** 0-based, sorted */
  excluded: number[];
  /** unbinned pixels, resolved (default nx / 4) */
  thicknessPx: number;
}

async function readAngles(
  recipe: Recipe,
  file: MrcFile,
  host: Host,
): Promise<{ anglesDeg: number[]; from: string; axisDeg?: number }> {
  const tilts = recipe.input.tilts;
  if (tilts) {
    const text = await host.readText(tilts, '--tilts');
    if (/\.mdoc$/i.test(tilts)) {
      const mdoc = parseMdoc(text, tilts);
      return {
        anglesDeg: mdoc.sections.map((s) => s.tiltAngleDeg),
        from: tilts,
        axisDeg: mdoc.tiltAxisAngleDeg,
      };
    }
    return { anglesDeg: parseTlt(text, tilts), from: tilts };
  }
  const fromHeader = sectionTiltAnglesDeg(file);
  if (!fromHeader) {
    throw new WedgeLabError(
      'bad-argument',
      `${file.name} has no tilt angles in its extended header; give them with input.tilts (--tilts TS.tlt)`,
    );
  }
  return { anglesDeg: fromHeader, from: `${file.name} (extended header)` };
}

/** Opens the recipe's stack (the caller closes nothing: the host owns the source) and checks the recipe. */
export async function loadSeries(recipe: Recipe, host: Host): Promise<LoadedSeries> {
  const { input, geometry: g, reconstruct: r } = recipe;
  const source = await maybeDecompress(await host.openInput(input.stack));
  const file = await openMrc(source, { unsignedMode0: input.unsignedMode0, permissive: input.permissive });
  const { nx, ny } = file.header;
  const nviews = file.nsections;
  const e = input.expect;
  if (e && (e.nx !== nx || e.ny !== ny || e.nviews !== nviews)) {
    throw new WedgeLabError(
      'mismatch',
      `${input.stack} is ${nx}×${ny}×${nviews} but the recipe was saved for a ${e.nx}×${e.ny}×${e.nviews} stack; give its own stack, or replace the input (--input) to drop this check`,
    );
  }
  const angles = await readAngles(recipe, file, host);
  if (angles.anglesDeg.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${input.stack} has ${nviews} sections but ${angles.from} lists ${angles.anglesDeg.length} angles; pick the matching .tlt/.mdoc or exclude views`,
    );
  }
  const xf = input.xf ? parseXf(await host.readText(input.xf, '--xf'), input.xf) : undefined;
  if (xf && xf.length !== nviews) {
    throw new WedgeLabError(
      'mismatch',
      `${input.xf} has ${xf.length} transforms but ${input.stack} has ${nviews} sections; give one .xf line per section`,
    );
  }
  const [axisRotationDeg, axisFrom] =
    g.axisRotationDeg !== undefined
      ? [g.axisRotationDeg, 'recipe']
      : angles.axisDeg !== undefined
        ? [angles.axisDeg, angles.from]
        : [0, 'default'];
  const geometry = geometryFromTilts(angles.anglesDeg, {
    xf,
    axisRotationDeg,
    invertAngles: g.invertAngles,
    axisRotated180: g.axisRotated180,
    tiltSource: angles.from,
    xfSource: input.xf,
  });
  if (r.method === 'wbp') parseFilterSpec(r.filter ?? '');
  const views = parseViewList(r.excludeViews, nviews);
  if (!views.ok)
    throw new WedgeLabError(
      'bad-argument',
      `${fieldLabel(['reconstruct', 'excludeViews'])}: ${views.message}`,
    );
  const thicknessPx = r.thicknessPx ?? defaultThicknessPx(nx);
  const maxT = MAX_THICKNESS_FACTOR * Math.max(nx, ny);
  if (thicknessPx > maxT) {
    throw new WedgeLabError(
      'bad-argument',
      `${fieldLabel(['reconstruct', 'thicknessPx'])}: ${thicknessPx} is impossible for ${nx}×${ny} views; give 1 to ${maxT} (e.g. ${defaultThicknessPx(nx)})`,
    );
  }
  if (Math.floor(nx / r.bin) < 2 || Math.floor(ny / r.bin) < 2) {
    throw new WedgeLabError(
      'bad-argument',
      `${fieldLabel(['reconstruct', 'bin'])}: ${r.bin} leaves ${Math.floor(nx / r.bin)}×${Math.floor(ny / r.bin)} views from ${nx}×${ny}; use a smaller bin`,
    );
  }
  const raw = Math.abs(file.header.voxelSizeA[0]);
  return {
    file,
    name: input.stack,
    nu: nx,
    nv: ny,
    nviews,
    pixelSizeA: Number.isFinite(raw) ? raw : 0,
    anglesDeg: angles.anglesDeg,
    anglesFrom: angles.from,
    axisRotationDeg,
    axisFrom,
    geometry,
    excluded: views.views,
    thicknessPx,
  };
}
