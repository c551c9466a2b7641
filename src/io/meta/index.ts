// Tilt and alignment metadata: pure functions over text (no fs, no DOM). See docs/formats.md.
export { parseTlt, formatTlt } from './tlt.ts';
export {
  parseXf,
  formatXf,
  identityXf,
  makeXf,
  composeXf,
  invertXf,
  applyXf,
  xfRotationDeg,
  xfMagnification,
  type XfTransform,
  type PointPx,
} from './xf.ts';
export {
  parseMdoc,
  mdocTiltAnglesDeg,
  mdocAcquiredAnglesDeg,
  mdocPriorDoseEA2,
  parseSerialEmDateTime,
  type MdocFile,
  type MdocSection,
  type MdocViewSectionType,
} from './mdoc.ts';
export { detectTiltScheme, type TiltScheme } from './tiltScheme.ts';
export {
  parseAln,
  alnRawTiltAnglesDeg,
  type AlnFile,
  type AlnView,
  type AlnDarkFrame,
  type AlnLocalShift,
} from './aln.ts';
export { alnToXf, alnViewXf, xfToAlnView, type AlnConversion } from './alnConvert.ts';
export {
  resolveTiltAngles,
  type ResolveTiltAnglesInput,
  type ResolvedTiltAngles,
  type TiltAngleSource,
} from './angles.ts';
export { formatFixed } from './text.ts';
