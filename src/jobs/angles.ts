/**
 * Where a stack's tilt angles come from: a .tlt/.rawtlt/.mdoc chosen with it, else its FEI/SERI extended
 * header. Precedence and the count check are src/io/meta's resolveTiltAngles; this only reads the files.
 */
import { parseMdoc, parseTlt, resolveTiltAngles, type ResolveTiltAnglesInput } from '../io/meta/index.ts';
import { isWedgeLabError, oneLine } from '../core/errors.ts';
import { sectionTiltAnglesDeg } from '../io/mrc/index.ts';
import type { MrcFile } from '../io/mrc/types.ts';

export interface ResolvedAngles {
  anglesDeg: number[];
  /** 'TS_01.tlt', 'extended header (FEI1)' */
  from: string;
  warnings: string[];
  /** the .mdoc's tilt-axis angle, when the angles come from an .mdoc that states one */
  tiltAxisDeg?: number;
}

/**
 * Angles for `mrc`. An angle file the user chose must match the section count (a 'mismatch' error
 * otherwise). Without one, extended-header angles are used when they are usable; else null.
 */
export async function resolveAngles(
  mrc: MrcFile,
  stackName: string,
  angleFiles: readonly File[],
): Promise<ResolvedAngles | null> {
  const input: ResolveTiltAnglesInput = {
    sectionCount: mrc.nsections,
    fileName: stackName,
    extHeaderAngles: sectionTiltAnglesDeg(mrc),
  };
  const warnings: string[] = [];
  const tlt = angleFiles.find((f) => !/\.mdoc$/i.test(f.name));
  const mdoc = angleFiles.find((f) => /\.mdoc$/i.test(f.name));
  if (tlt) input.tlt = { fileName: tlt.name, anglesDeg: parseTlt(await tlt.text(), tlt.name) };
  if (mdoc) input.mdoc = parseMdoc(await mdoc.text(), mdoc.name);
  if (tlt && mdoc) warnings.push(`${mdoc.name}: ignored, the angles come from ${tlt.name}`);
  if (angleFiles.length > (tlt ? 1 : 0) + (mdoc ? 1 : 0))
    warnings.push('more than one angle file: used the first');

  if (!tlt && !mdoc) {
    if (!input.extHeaderAngles) return null;
    try {
      const r = resolveTiltAngles(input);
      return {
        anglesDeg: r.anglesDeg,
        from: `extended header (${mrc.header.exttyp || 'unnamed'})`,
        warnings,
      };
    } catch (e) {
      // no file was chosen: unusable header angles are a remark, not a reason to refuse the stack
      if (isWedgeLabError(e) && e.code === 'not-found') return null;
      return { anglesDeg: [], from: '', warnings: [oneLine(e)] };
    }
  }
  const r = resolveTiltAngles(input);
  const tiltAxisDeg = !tlt && mdoc ? input.mdoc?.tiltAxisAngleDeg : undefined;
  return { anglesDeg: r.anglesDeg, from: r.sourceFileName, warnings, tiltAxisDeg };
}
