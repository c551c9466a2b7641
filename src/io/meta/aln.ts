// AreTomo / AreTomo2 / AreTomo3 .aln: '# Key = value' header lines, a '# SEC ROT GMAG ...' column header,
// one global-alignment row per kept view, then optionally '# Local Alignment' and one row per view × patch.
import { WedgeLabError } from '../../core/errors.ts';
import { baseName, numbersIn, parseNumber, splitLines } from './text.ts';

export interface AlnView {
  /** SEC: index of the view among the views kept after dark-frame removal, from 0 */
  secIndex: number;
  /** ROT: tilt-axis angle, degrees */
  rotDeg: number;
  /** GMAG: magnification relative to the reference view */
  gMag: number;
  /** TX, TY: shift of the view, pixels of the input stack */
  txPx: number;
  tyPx: number;
  smean: number;
  sfit: number;
  scale: number;
  base: number;
  /** TILT: tilt angle after AreTomo's offset correction, degrees */
  tiltDeg: number;
}

export interface AlnDarkFrame {
  /** index of the excluded image in the raw stack, from 0 */
  frameIndex: number;
  /** the section index AreTomo gives it (equal to frameIndex in AreTomo2/3 files) */
  sectionIndex: number;
  tiltDeg: number;
}

export interface AlnLocalShift {
  /** index into `views` (a kept view), from 0 */
  viewIndex: number;
  patchIndex: number;
  /** patch centre, pixels from the image centre */
  xPx: number;
  yPx: number;
  shiftXPx: number;
  shiftYPx: number;
  /** AreTomo flags patches it trusted with 1.0 */
  good: boolean;
}

export interface AlnFile {
  fileName: string;
  /** [nx, ny, nz] of the raw stack, dark frames included */
  rawSize: [number, number, number];
  numPatches: number;
  /** excluded (dark) views */
  darkFrames: AlnDarkFrame[];
  alphaOffsetDeg?: number;
  betaOffsetDeg?: number;
  thicknessPx?: number;
  views: AlnView[];
  /** numPatches × views.length rows when present, else empty */
  localShifts: AlnLocalShift[];
  warnings: string[];
}

const GLOBAL_COLUMNS = 10;
const LOCAL_COLUMNS = 7;

export function parseAln(text: string, fileName: string): AlnFile {
  const name = baseName(fileName);
  const lines = splitLines(text);
  if (lines.every((l) => l.trim() === '')) {
    throw new WedgeLabError('truncated', `${name} is empty; expected an AreTomo .aln file`);
  }
  const header: Record<string, string> = {};
  const darkFrames: AlnDarkFrame[] = [];
  const views: AlnView[] = [];
  const localShifts: AlnLocalShift[] = [];
  let block: 'header' | 'global' | 'local' = 'header';

  lines.forEach((line, i) => {
    const t = line.trim();
    if (t === '') return;
    const at = `${name} line ${i + 1}`;
    if (t.startsWith('#')) {
      const body = t.slice(1).trim();
      if (/^SEC\b/i.test(body)) block = 'global';
      else if (/^Local\s+Alignment/i.test(body)) block = 'local';
      else {
        const eq = body.indexOf('=');
        if (eq > 0) {
          const key = body.slice(0, eq).trim();
          const value = body.slice(eq + 1).trim();
          if (key === 'DarkFrame') darkFrames.push(darkFrameFrom(value, at));
          else header[key] = value;
        }
      }
      return;
    }
    if (block === 'header') {
      throw new WedgeLabError(
        'bad-header',
        `${at}: data before the "# SEC ROT GMAG ..." column header; expected an AreTomo .aln`,
      );
    }
    const values = numbersIn(t);
    if (block === 'global') {
      if (values.length !== GLOBAL_COLUMNS) {
        throw new WedgeLabError(
          'bad-header',
          `${at}: expected ${GLOBAL_COLUMNS} columns (SEC ROT GMAG TX TY SMEAN SFIT SCALE BASE TILT), got ${values.length}`,
        );
      }
      const [secIndex, rotDeg, gMag, txPx, tyPx, smean, sfit, scale, base, tiltDeg] = values;
      views.push({ secIndex, rotDeg, gMag, txPx, tyPx, smean, sfit, scale, base, tiltDeg });
    } else {
      if (values.length !== LOCAL_COLUMNS) {
        throw new WedgeLabError(
          'bad-header',
          `${at}: expected ${LOCAL_COLUMNS} local-alignment columns (view patch x y dx dy good), got ${values.length}`,
        );
      }
      const [viewIndex, patchIndex, xPx, yPx, shiftXPx, shiftYPx, goodFlag] = values;
      localShifts.push({ viewIndex, patchIndex, xPx, yPx, shiftXPx, shiftYPx, good: goodFlag >= 0.5 });
    }
  });

  const rawSize = numbersIn(header.RawSize ?? '');
  if (
    header.RawSize === undefined ||
    rawSize.length !== 3 ||
    rawSize.some((v) => !Number.isInteger(v) || v <= 0)
  ) {
    throw new WedgeLabError(
      'bad-header',
      `${name} has no valid "# RawSize = nx ny nz" line; expected an AreTomo .aln`,
    );
  }
  if (views.length === 0) {
    throw new WedgeLabError(
      'truncated',
      `${name} has no global alignment rows; expected "# SEC ROT GMAG ..." followed by one row per view`,
    );
  }
  const numPatches = header.NumPatches === undefined ? 0 : (parseNumber(header.NumPatches) ?? NaN);
  if (!Number.isInteger(numPatches) || numPatches < 0) {
    throw new WedgeLabError(
      'bad-header',
      `${name}: NumPatches "${header.NumPatches}" is not a whole number ≥ 0`,
    );
  }
  const expectedLocal = numPatches * views.length;
  if (localShifts.length > 0 && localShifts.length !== expectedLocal) {
    throw new WedgeLabError(
      'truncated',
      `${name} has ${localShifts.length} local-alignment rows; expected NumPatches × views = ${numPatches} × ${views.length} = ${expectedLocal}`,
    );
  }
  const warnings: string[] = [];
  if (views.length + darkFrames.length !== rawSize[2]) {
    warnings.push(
      `${name}: ${views.length} aligned + ${darkFrames.length} dark views ≠ ${rawSize[2]} raw sections (RawSize)`,
    );
  }
  return {
    fileName: name,
    rawSize: rawSize as [number, number, number],
    numPatches,
    darkFrames,
    alphaOffsetDeg: optionalNumber(header.AlphaOffset),
    betaOffsetDeg: optionalNumber(header.BetaOffset),
    thicknessPx: optionalNumber(header.Thickness),
    views,
    localShifts,
    warnings,
  };
}

/**
 * Tilt angles for every raw section (dark frames included, at their raw positions), so they can be
 * matched against the stack AreTomo read. Assumes kept views fill the non-dark slots in order.
 */
export function alnRawTiltAnglesDeg(aln: AlnFile): number[] {
  const dark = new Map(aln.darkFrames.map((d) => [d.frameIndex, d.tiltDeg]));
  const out: number[] = [];
  let next = 0;
  for (let z = 0; z < aln.rawSize[2]; z++) {
    const darkTilt = dark.get(z);
    if (darkTilt !== undefined) out.push(darkTilt);
    else if (next < aln.views.length) out.push(aln.views[next++].tiltDeg);
  }
  return out;
}

function darkFrameFrom(value: string, at: string): AlnDarkFrame {
  const v = numbersIn(value);
  if (v.length !== 3) {
    throw new WedgeLabError('bad-header', `${at}: DarkFrame "${value}" should be "frame section tilt"`);
  }
  return { frameIndex: v[0], sectionIndex: v[1], tiltDeg: v[2] };
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseNumber(value);
}
