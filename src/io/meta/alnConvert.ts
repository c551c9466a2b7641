// AreTomo .aln → IMOD .xf (raw → aligned) and .tlt, one line per section of the raw stack (docs/formats.md,
// "AreTomo .aln → IMOD .xf"). The mapping is the one AreTomo's own `-OutImod` writer uses: ROT is the tilt
// axis in the raw image (CCW from +y, IMOD's sense), (TX, TY) the shift of the specimen in the RAW frame,
// so aligned = R(−ROT)·(raw − centre − T) + centre, i.e. A = R(−ROT) and d = −A·T. Dark frames AreTomo
// removed get the identity and are listed in `excluded`.
import { WedgeLabError } from '../../core/errors.ts';
import { identityInPlane, rotationInPlane } from '../../core/geometry/index.ts';
import type { AlnFile } from './aln.ts';
import type { XfTransform } from './xf.ts';

export interface AlnConversion {
  /** per raw section (dark frames included), raw → aligned; dark frames get the identity */
  xf: XfTransform[];
  /** per raw section: AreTomo's TILT for aligned views, the DarkFrame line's tilt for dark ones */
  anglesDeg: number[];
  /** raw section indices of the dark frames, from 0, ascending */
  excluded: number[];
  /** one line each: shifts rescaled to another stack size, GMAG ignored, section numbering guessed */
  warnings: string[];
}

/** The .xf AreTomo's -OutImod writes for one aligned view: R(−ROT), then −R(−ROT)·(TX, TY). */
export function alnViewXf(rotDeg: number, txPx: number, tyPx: number): XfTransform {
  const r = rotationInPlane(-rotDeg);
  // `0 - x` rather than `-x`, so a zero shift prints as 0.000, not -0.000
  return { ...r, dxPx: 0 - (r.a11 * txPx + r.a12 * tyPx), dyPx: 0 - (r.a21 * txPx + r.a22 * tyPx) };
}

/** The .aln (ROT, TX, TY) of a rotation + shift .xf: the inverse of alnViewXf (for tests and writers). */
export function xfToAlnView(xf: XfTransform): { rotDeg: number; txPx: number; tyPx: number } {
  const rotDeg = (-Math.atan2(xf.a21 - xf.a12, xf.a11 + xf.a22) * 180) / Math.PI;
  // T = −A⁻¹·d with A = R(−ROT), so A⁻¹ = R(ROT)
  const r = rotationInPlane(rotDeg);
  return {
    rotDeg,
    txPx: -(r.a11 * xf.dxPx + r.a12 * xf.dyPx),
    tyPx: -(r.a21 * xf.dxPx + r.a22 * xf.dyPx),
  };
}

export function alnToXf(aln: AlnFile, dims: { nu: number; nv: number }): AlnConversion {
  const name = aln.fileName;
  const [rawNx, rawNy, nz] = aln.rawSize;
  const warnings = [...aln.warnings];
  const scale = dims.nu / rawNx;
  if (!(scale > 0) || Math.abs(dims.nv / rawNy - scale) > 1e-9 * Math.max(1, scale)) {
    throw new WedgeLabError(
      'mismatch',
      `${name} aligned a ${rawNx} × ${rawNy} stack; this one is ${dims.nu} × ${dims.nv}, not the same shape at any binning`,
    );
  }
  if (scale !== 1) {
    warnings.push(
      `${name}: shifts scaled by ${+scale.toPrecision(6)} from the ${rawNx} × ${rawNy} stack AreTomo aligned to ${dims.nu} × ${dims.nv}`,
    );
  }
  if (aln.views.some((v) => Math.abs(v.gMag - 1) > 1e-6)) {
    warnings.push(`${name}: GMAG ≠ 1 ignored (AreTomo's own IMOD export ignores it too)`);
  }
  const { viewAt, darkAt, note } = rawPositions(aln);
  if (note) warnings.push(note);
  const xf: XfTransform[] = new Array<XfTransform>(nz);
  const anglesDeg: number[] = new Array<number>(nz);
  aln.views.forEach((v, k) => {
    xf[viewAt[k]] = alnViewXf(v.rotDeg, v.txPx * scale, v.tyPx * scale);
    anglesDeg[viewAt[k]] = v.tiltDeg;
  });
  aln.darkFrames.forEach((d, k) => {
    xf[darkAt[k]] = identityInPlane();
    anglesDeg[darkAt[k]] = d.tiltDeg;
  });
  return { xf, anglesDeg, excluded: [...darkAt].sort((a, b) => a - b), warnings };
}

interface RawPositions {
  /** raw section of each `aln.views[k]` */
  viewAt: number[];
  /** raw section of each `aln.darkFrames[k]` */
  darkAt: number[];
  note?: string;
}

const isPermutation = (values: number[], from: number, n: number) =>
  values.length === n && new Set(values).size === n && values.every((v) => v >= from && v < from + n);

/**
 * Where each row sits in the raw stack. AreTomo writes SEC (and the DarkFrame line's second number) as the
 * section of the raw stack: from 0 in AreTomo2, from 1 in AreTomo3 (which reads either). Together they
 * number every section once, which tells the base. Files that number the kept views 0…n−1 instead are read
 * as AreTomo's loader does: the DarkFrame line's first number is the raw index, kept views fill the rest.
 */
function rawPositions(aln: AlnFile): RawPositions {
  const nz = aln.rawSize[2];
  const secs = aln.views.map((v) => v.secIndex);
  const darkSecs = aln.darkFrames.map((d) => d.sectionIndex);
  const all = [...secs, ...darkSecs];
  for (const base of [0, 1]) {
    if (isPermutation(all, base, nz)) {
      return { viewAt: secs.map((s) => s - base), darkAt: darkSecs.map((s) => s - base) };
    }
  }
  const darkAt = aln.darkFrames.map((d) => d.frameIndex);
  const n = aln.views.length;
  const kept = Array.from({ length: nz }, (_, z) => z).filter((z) => !darkAt.includes(z));
  const numbered = (base: number) => secs.every((s, k) => s === k + base);
  const darkOk = new Set(darkAt).size === darkAt.length && darkAt.every((z) => z >= 0 && z < nz);
  if (darkOk && kept.length === n && (numbered(0) || numbered(1))) {
    return {
      viewAt: kept,
      darkAt,
      note: `${aln.fileName}: SEC numbers the ${n} kept views, not raw sections; they are placed in the non-dark sections in order`,
    };
  }
  throw new WedgeLabError(
    'bad-header',
    `${aln.fileName}: SEC and DarkFrame sections do not number the ${nz} raw sections (RawSize) once each, from 0 or from 1`,
  );
}
