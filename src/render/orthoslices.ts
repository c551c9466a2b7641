/**
 * Three orthoslice views of a volume (xy, xz, yz), each a SliceView in its own container, with crosshairs
 * that show the other slice positions and click/drag to move them. No React here, and no volumes: it shows
 * three 2D slices, which the caller cuts from a volume (main thread) or receives from a worker (live preview).
 *
 * Orientation (the usual orthoslice layout, y up as 3dmod shows it):
 *   xy: x → right, y → up (at z)    xz: x → right, z → up (at y)    yz: z → right, y → up (at x)
 */
import { SliceView, type GrayWindow, type SliceImage } from './sliceView.ts';

export type { GrayWindow, SliceImage } from './sliceView.ts';

export type OrthoAxis = 'xy' | 'xz' | 'yz';

export interface VoxelPosition {
  x: number;
  y: number;
  z: number;
}

export interface OrthoSliceSet {
  dims: { nx: number; ny: number; nz: number };
  position: VoxelPosition;
  /** nx × ny at z */
  xy: SliceImage;
  /** nx × nz at y */
  xz: SliceImage;
  /** nz × ny at x (z fastest) */
  yz: SliceImage;
}

export interface OrthoViews {
  /** Shows a new set of slices (a new volume, an intermediate one, or new positions), in place. */
  show(set: OrthoSliceSet, window: GrayWindow): void;
  /** Shows nothing. */
  clear(): void;
  /** Moves the crosshairs only (e.g. while the slices for the new position are on their way). */
  setPosition(position: VoxelPosition): void;
  dispose(): void;
}

export interface OrthoViewsOptions {
  /** the user clicked or dragged in a view: the new slice positions */
  onPositionChange?: (position: VoxelPosition) => void;
}

/** Colour of each slice; a view's crosshair lines take the colours of the slices they mark. */
export const SLICE_COLORS: Record<OrthoAxis, number> = { xy: 0x3fb6c8, xz: 0xe0a040, yz: 0xc070e0 };

export function createOrthoViews(
  containers: Record<OrthoAxis, HTMLElement>,
  options: OrthoViewsOptions = {},
): OrthoViews {
  let position: VoxelPosition = { x: 0, y: 0, z: 0 };
  let dims = { nx: 1, ny: 1, nz: 1 };
  const clamp = (p: VoxelPosition): VoxelPosition => ({
    x: Math.min(dims.nx - 1, Math.max(0, p.x)),
    y: Math.min(dims.ny - 1, Math.max(0, p.y)),
    z: Math.min(dims.nz - 1, Math.max(0, p.z)),
  });
  const pick = (next: (h: number, v: number) => VoxelPosition) => (h: number, v: number) => {
    const p = clamp(next(h, v));
    if (p.x === position.x && p.y === position.y && p.z === position.z) return;
    setPosition(p);
    options.onPositionChange?.(p);
  };
  const views: Record<OrthoAxis, SliceView> = {
    xy: new SliceView(containers.xy, {
      lineColors: [SLICE_COLORS.yz, SLICE_COLORS.xz],
      onPick: pick((h, v) => ({ ...position, x: h, y: v })),
    }),
    xz: new SliceView(containers.xz, {
      lineColors: [SLICE_COLORS.yz, SLICE_COLORS.xy],
      onPick: pick((h, v) => ({ ...position, x: h, z: v })),
    }),
    yz: new SliceView(containers.yz, {
      lineColors: [SLICE_COLORS.xy, SLICE_COLORS.xz],
      onPick: pick((h, v) => ({ ...position, z: h, y: v })),
    }),
  };

  function setPosition(p: VoxelPosition): void {
    position = clamp(p);
    views.xy.setCrosshair(position.x, position.y);
    views.xz.setCrosshair(position.x, position.z);
    views.yz.setCrosshair(position.z, position.y);
  }

  return {
    show(set, window) {
      dims = set.dims;
      views.xy.setImage(set.xy, window);
      views.xz.setImage(set.xz, window);
      views.yz.setImage(set.yz, window);
      setPosition(set.position);
    },
    setPosition,
    clear() {
      for (const v of Object.values(views)) v.clear();
    },
    dispose() {
      for (const v of Object.values(views)) v.dispose();
    },
  };
}
