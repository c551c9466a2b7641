// Picks the tilt angles of a stack from the sources a user may have, and refuses a count mismatch.
import { WedgeLabError } from '../../core/errors.ts';
import { mdocTiltAnglesDeg, type MdocFile } from './mdoc.ts';
import { baseName } from './text.ts';

export type TiltAngleSource = 'tlt' | 'mdoc' | 'extended-header';

export interface ResolveTiltAnglesInput {
  /** number of sections (views) in the stack */
  sectionCount: number;
  /** the stack's file name, for messages */
  fileName: string;
  /** angles from a .tlt/.rawtlt the user chose, with that file's name */
  tlt?: { fileName: string; anglesDeg: readonly number[] };
  mdoc?: MdocFile;
  /** per-section angles from the MRC extended header (FEI/SERI), if any */
  extHeaderAngles?: readonly number[];
  /** negate every angle (the usual fix for a tilt-sign mismatch between tools) */
  invertAngles?: boolean;
}

export interface ResolvedTiltAngles {
  anglesDeg: number[];
  source: TiltAngleSource;
  /** the file the angles came from (the stack itself for the extended header) */
  sourceFileName: string;
}

/**
 * Precedence: an explicit .tlt/.rawtlt, then the .mdoc, then the extended header. The chosen source
 * must list exactly one angle per section; a mismatch is an error and never falls back to a lower
 * source, because the user picked that file and a silent substitute would hide the mistake.
 * Extended-header angles that are all equal (often all 0 in non-tilt files) do not count as angles.
 */
export function resolveTiltAngles(input: ResolveTiltAnglesInput): ResolvedTiltAngles {
  const stack = baseName(input.fileName);
  const { sectionCount } = input;
  if (!Number.isInteger(sectionCount) || sectionCount <= 0) {
    throw new WedgeLabError(
      'bad-argument',
      `${stack}: section count ${sectionCount} is not a positive whole number`,
    );
  }
  let picked: ResolvedTiltAngles;
  let what: string;
  if (input.tlt) {
    picked = {
      anglesDeg: [...input.tlt.anglesDeg],
      source: 'tlt',
      sourceFileName: baseName(input.tlt.fileName),
    };
    what = 'angles';
  } else if (input.mdoc) {
    picked = {
      anglesDeg: mdocTiltAnglesDeg(input.mdoc),
      source: 'mdoc',
      sourceFileName: input.mdoc.fileName,
    };
    what = 'tilt sections';
  } else if (input.extHeaderAngles && !allEqual(input.extHeaderAngles, sectionCount)) {
    picked = { anglesDeg: [...input.extHeaderAngles], source: 'extended-header', sourceFileName: stack };
    what = 'extended-header angles';
  } else {
    throw new WedgeLabError(
      'not-found',
      `${stack} has no tilt angles in its header; give a .tlt/.rawtlt or .mdoc with ${sectionCount} angles`,
    );
  }
  const n = picked.anglesDeg.length;
  if (n !== sectionCount) {
    const from =
      picked.source === 'extended-header' ? 'its extended header lists' : `${picked.sourceFileName} lists`;
    throw new WedgeLabError(
      'mismatch',
      `${stack} has ${sectionCount} sections but ${from} ${n} ${what}; pick the matching .tlt/.mdoc or exclude views`,
    );
  }
  // `+ 0` turns −0 (from negating 0) into 0 so written files never show "-0.00".
  if (input.invertAngles) picked.anglesDeg = picked.anglesDeg.map((a) => -a + 0);
  return picked;
}

function allEqual(a: readonly number[], sectionCount: number): boolean {
  return sectionCount > 1 && a.length > 1 && a.every((v) => v === a[0]);
}
