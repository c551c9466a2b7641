/**
 * Keyboard navigation of an orthoslice view (pure, no DOM): the arrow keys step the view's own slice along its
 * normal, Page Up/Down by PAGE_SLICES, Home/End to the first/last slice; the other views' crosshairs follow.
 */
import { clampPosition, type OrthoAxis, type VolumeDims, type VoxelPosition } from './orthoModel.ts';

export const PAGE_SLICES = 10;

/** The axis a view's slice moves along, and that axis's size. */
export const NORMAL: Record<OrthoAxis, { axis: 'x' | 'y' | 'z'; size: keyof VolumeDims }> = {
  xy: { axis: 'z', size: 'nz' },
  xz: { axis: 'y', size: 'ny' },
  yz: { axis: 'x', size: 'nx' },
};

/** The position after `key` in `view`, or null when the key does not move the slice. */
export function positionAfterKey(
  view: OrthoAxis,
  p: VoxelPosition,
  dims: VolumeDims,
  key: string,
): VoxelPosition | null {
  const { axis, size } = NORMAL[view];
  const n = dims[size];
  const steps: Record<string, number> = {
    ArrowUp: 1,
    ArrowRight: 1,
    ArrowDown: -1,
    ArrowLeft: -1,
    PageUp: PAGE_SLICES,
    PageDown: -PAGE_SLICES,
  };
  let to: number;
  if (key in steps) to = p[axis] + steps[key];
  else if (key === 'Home') to = 0;
  else if (key === 'End') to = n - 1;
  else return null;
  return clampPosition(dims, { ...p, [axis]: to });
}
