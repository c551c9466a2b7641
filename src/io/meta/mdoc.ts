// SerialEM .mdoc (an IMOD "autodoc"): global `Key = Value` lines, `[T = ...]` title lines, then one
// `[ZValue = n]` section per image in the stack (or `[FrameSet = n]` in frame-set mdocs).
import { WedgeLabError } from '../../core/errors.ts';
import { baseName, parseNumber, splitLines } from './text.ts';

/** Section types that describe one image (view) each; others (e.g. MontSection) are kept raw. */
const VIEW_SECTION_TYPES = ['ZValue', 'FrameSet'] as const;
export type MdocViewSectionType = (typeof VIEW_SECTION_TYPES)[number];

export interface MdocSection {
  sectionType: MdocViewSectionType;
  /** the number in `[ZValue = n]` (or `[FrameSet = n]`): the section's Z in the stack, from 0 */
  zValue: number;
  tiltAngleDeg: number;
  /** dose of this image, e/Å² */
  exposureDoseEA2?: number;
  /** dose received before this image (SerialEM's PriorRecordDose), e/Å² */
  priorRecordDoseEA2?: number;
  pixelSpacingA?: number;
  /** SerialEM's image RotationAngle, degrees (the tilt axis lies 90° below it, see tiltAxisAngleDeg) */
  rotationAngleDeg?: number;
  /** DateTime exactly as written, e.g. "30-Nov-15  15:21:38" */
  dateTime?: string;
  /** DateTime as milliseconds (clock time read as UTC: good for ordering, not for absolute time) */
  dateTimeMs?: number;
  subFramePath?: string;
  /** position of this section in acquisition order (0 = acquired first) */
  acquisitionIndex: number;
  /** every key/value of the section as written */
  raw: Record<string, string>;
}

export interface MdocFile {
  fileName: string;
  /** key/values before the first section (PixelSpacing, ImageFile, ImageSize, Voltage, ...) */
  global: Record<string, string>;
  /** `[T = ...]` title lines, in file order */
  titles: string[];
  /** view sections sorted by zValue (stack order) */
  sections: MdocSection[];
  /** indices into `sections` in acquisition order: by DateTime when every section has one, else file order */
  acquisitionOrder: number[];
  acquisitionOrderSource: 'dateTime' | 'fileOrder';
  /** in-plane tilt-axis angle, degrees, counter-clockwise from the Y axis (IMOD/SerialEM sense) */
  tiltAxisAngleDeg?: number;
  tiltAxisSource?: 'title' | 'rotationAngle';
  pixelSpacingA?: number;
  /** sections of other types (e.g. MontSection), kept raw */
  otherSections: { sectionType: string; name: string; raw: Record<string, string> }[];
  /** non-fatal oddities (duplicate ZValue, ...), one line each */
  warnings: string[];
}

interface RawSection {
  sectionType: string;
  name: string;
  line: number;
  raw: Record<string, string>;
}

export function parseMdoc(text: string, fileName: string): MdocFile {
  const name = baseName(fileName);
  const global: Record<string, string> = {};
  const titles: string[] = [];
  const rawSections: RawSection[] = [];
  let current: RawSection | undefined;
  let sawContent = false;

  splitLines(text).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) return;
    sawContent = true;
    const bracket = /^\[\s*([^=\]]+?)\s*=\s*(.*?)\s*\]$/.exec(t);
    if (bracket) {
      const [, key, value] = bracket;
      // Title lines do not open a section: SerialEM puts them among the global values.
      if (key === 'T') titles.push(value);
      else rawSections.push((current = { sectionType: key, name: value, line: i + 1, raw: {} }));
      return;
    }
    const eq = t.indexOf('=');
    if (eq <= 0) {
      throw new WedgeLabError(
        'bad-header',
        `${name} line ${i + 1}: "${t.slice(0, 40)}" is not "Key = Value" or "[Section = n]"; expected a SerialEM .mdoc`,
      );
    }
    const key = t.slice(0, eq).trim();
    const value = t.slice(eq + 1).trim();
    if (key === 'T') titles.push(value);
    else (current ? current.raw : global)[key] = value;
  });

  if (!sawContent) throw new WedgeLabError('truncated', `${name} is empty; expected a SerialEM .mdoc`);

  const warnings: string[] = [];
  const views = rawSections.filter((s) => (VIEW_SECTION_TYPES as readonly string[]).includes(s.sectionType));
  if (views.length === 0) {
    throw new WedgeLabError(
      'bad-header',
      `${name} has no [ZValue = n] or [FrameSet = n] sections; expected a SerialEM .mdoc`,
    );
  }
  const parsed = views.map((s) => toSection(s, name));
  const fileOrder = parsed.map((_, k) => k);
  const zOrder = [...fileOrder].sort((a, b) => parsed[a].zValue - parsed[b].zValue || a - b);
  for (let k = 1; k < zOrder.length; k++) {
    const z = parsed[zOrder[k]].zValue;
    if (z === parsed[zOrder[k - 1]].zValue) warnings.push(`${name}: ZValue ${z} appears more than once`);
  }
  const sections = zOrder.map((k) => parsed[k]);

  const allTimed = sections.every((s) => s.dateTimeMs !== undefined);
  // Ties (DateTime has 1 s resolution) keep file order, which is how SerialEM appends sections.
  const fileIndex = new Map(zOrder.map((k, sorted) => [sorted, k]));
  const acquisitionOrder = sections
    .map((_, k) => k)
    .sort((a, b) =>
      allTimed
        ? sections[a].dateTimeMs! - sections[b].dateTimeMs! || fileIndex.get(a)! - fileIndex.get(b)!
        : fileIndex.get(a)! - fileIndex.get(b)!,
    );
  acquisitionOrder.forEach((k, order) => (sections[k].acquisitionIndex = order));

  const tiltAxis = tiltAxisFrom(titles, sections, global);
  const pixelSpacingA = numberOrUndefined(global.PixelSpacing) ?? sections[0].pixelSpacingA;
  return {
    fileName: name,
    global,
    titles,
    sections,
    acquisitionOrder,
    acquisitionOrderSource: allTimed ? 'dateTime' : 'fileOrder',
    ...tiltAxis,
    pixelSpacingA,
    otherSections: rawSections
      .filter((s) => !views.includes(s))
      .map(({ sectionType, name: n, raw }) => ({ sectionType, name: n, raw })),
    warnings,
  };
}

/** Tilt angles in stack (ZValue) order. */
export function mdocTiltAnglesDeg(mdoc: MdocFile): number[] {
  return mdoc.sections.map((s) => s.tiltAngleDeg);
}

/** Tilt angles in the order they were acquired (e.g. 0, 3, −3, −6, 6, ... for dose-symmetric). */
export function mdocAcquiredAnglesDeg(mdoc: MdocFile): number[] {
  return mdoc.acquisitionOrder.map((k) => mdoc.sections[k].tiltAngleDeg);
}

/**
 * Dose received before each section (stack order), e/Å²: PriorRecordDose where every section has it,
 * else the sum of ExposureDose over the sections acquired earlier; undefined when neither is known.
 */
export function mdocPriorDoseEA2(mdoc: MdocFile): number[] | undefined {
  const { sections } = mdoc;
  if (sections.every((s) => s.priorRecordDoseEA2 !== undefined))
    return sections.map((s) => s.priorRecordDoseEA2!);
  if (!sections.every((s) => s.exposureDoseEA2 !== undefined)) return undefined;
  const prior = new Array<number>(sections.length);
  let totalEA2 = 0;
  for (const k of mdoc.acquisitionOrder) {
    prior[k] = totalEA2;
    totalEA2 += sections[k].exposureDoseEA2!;
  }
  return prior;
}

function toSection(s: RawSection, fileName: string): MdocSection {
  const where = `${fileName} [${s.sectionType} = ${s.name}] (line ${s.line})`;
  const zValue = parseNumber(s.name);
  if (zValue === undefined || !Number.isInteger(zValue) || zValue < 0) {
    throw new WedgeLabError('bad-header', `${where}: section number "${s.name}" is not a whole number ≥ 0`);
  }
  if (s.raw.TiltAngle === undefined) {
    throw new WedgeLabError(
      'bad-header',
      `${where} has no TiltAngle; expected "TiltAngle = degrees" in every section`,
    );
  }
  const tiltAngleDeg = parseNumber(s.raw.TiltAngle);
  if (tiltAngleDeg === undefined) {
    throw new WedgeLabError('bad-header', `${where}: TiltAngle "${s.raw.TiltAngle}" is not a number`);
  }
  const dateTime = s.raw.DateTime;
  return {
    sectionType: s.sectionType as MdocViewSectionType,
    zValue,
    tiltAngleDeg,
    exposureDoseEA2: numberOrUndefined(s.raw.ExposureDose),
    priorRecordDoseEA2: numberOrUndefined(s.raw.PriorRecordDose),
    pixelSpacingA: numberOrUndefined(s.raw.PixelSpacing),
    rotationAngleDeg: numberOrUndefined(s.raw.RotationAngle),
    dateTime,
    dateTimeMs: dateTime === undefined ? undefined : parseSerialEmDateTime(dateTime),
    subFramePath: s.raw.SubFramePath,
    acquisitionIndex: 0,
    raw: s.raw,
  };
}

function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseNumber(value.trim().split(/\s+/)[0]);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** SerialEM writes "30-Nov-15  15:21:38" (two- or four-digit year); undefined when unreadable. */
export function parseSerialEmDateTime(text: string): number | undefined {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return undefined;
  const year = m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  return Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
}

/**
 * The title line "Tilt axis angle = 85.3, binning = 4 ..." is what SerialEM calibrated. Without it,
 * RotationAngle − 90° gives the same value (85.3 ↔ 175.3 in EMPIAR-10164, −90 ↔ 0 in the NIST files).
 */
function tiltAxisFrom(
  titles: string[],
  sections: MdocSection[],
  global: Record<string, string>,
): Pick<MdocFile, 'tiltAxisAngleDeg' | 'tiltAxisSource'> {
  for (const title of titles) {
    const m = /Tilt\s*axis\s*angle\s*=\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)/i.exec(title);
    const angleDeg = m ? parseNumber(m[1]) : undefined;
    if (angleDeg !== undefined) return { tiltAxisAngleDeg: angleDeg, tiltAxisSource: 'title' };
  }
  const rotationDeg = sections.find((s) => s.rotationAngleDeg !== undefined)?.rotationAngleDeg;
  const fallbackDeg = rotationDeg ?? numberOrUndefined(global.RotationAngle);
  if (fallbackDeg === undefined) return {};
  return { tiltAxisAngleDeg: wrapDeg(fallbackDeg - 90), tiltAxisSource: 'rotationAngle' };
}

/** Wraps to (−180, 180], rounding away float noise from the subtraction. */
function wrapDeg(angleDeg: number): number {
  let a = angleDeg % 360;
  if (a <= -180) a += 360;
  if (a > 180) a -= 360;
  return Math.round(a * 1e9) / 1e9;
}
