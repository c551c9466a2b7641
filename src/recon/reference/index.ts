export { createReferenceProjector, ReferenceProjector } from './referenceProjector.ts';
export { createJosephProjector, JosephProjector } from './joseph.ts';
export { backRow, forwardRow, interiorRange } from './rowKernels.ts';
export type { RowView } from './rowKernels.ts';
