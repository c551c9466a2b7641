export type {
  DetectorDims,
  GeometryImportOptions,
  InPlaneXf,
  TiltGeometry,
  Vec3,
  ViewAffine,
  ViewGeometry,
  ViewVectors,
  VolumeDims,
} from './types.ts';
export {
  alignedFromRaw,
  applyInPlane,
  composeInPlane,
  identityInPlane,
  inPlaneDeterminant,
  invertInPlane,
  rotationInPlane,
  xfCentrePx,
} from './inPlane.ts';
export { centreIndex, projectPoint, viewAffine, viewRotation, viewVectors } from './viewMap.ts';
export { applyImportOptions, geometryFromTilts, selectViews, tiltAnglesDeg } from './build.ts';
export type { GeometryFromTiltsOptions } from './build.ts';
export { fitSpecimenShift, specimenShiftAt, type SpecimenShift } from './specimenShift.ts';
