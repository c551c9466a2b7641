/**
 * The orthoslices as one PNG, laid out as on screen (XY, YZ to its right, XZ under it), through the shown
 * contrast window and colormap; row 0 at the bottom as the views draw it. Small volumes are scaled up by
 * whole pixels (no smoothing), so a 96³ result is not a thumbnail.
 */
import type { OrthoFrame } from '../jobs/orthoFeed.ts';
import { colormapLut, type ColormapName } from '../render/colormap.ts';
import type { ContrastWindow } from '../render/contrast.ts';
import { toRgba } from '../render/section.ts';
import { saveBlob } from './saveFile.ts';

const TARGET_PX = 768;
const GAP = 2;

export function saveViewsPng(
  frame: OrthoFrame,
  window: ContrastWindow,
  colormap: ColormapName,
  name: string,
): void {
  const { xy, xz, yz } = frame.slices;
  const lut = colormapLut(colormap);
  const w = xy.width + GAP + yz.width;
  const h = xy.height + GAP + xz.height;
  const layout = document.createElement('canvas');
  layout.width = w;
  layout.height = h;
  const ctx = layout.getContext('2d')!;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  const put = (s: { width: number; height: number; data: Float32Array }, x: number, y: number) =>
    ctx.putImageData(
      new ImageData(toRgba({ nx: s.width, ny: s.height, data: s.data }, window, lut), s.width, s.height),
      x,
      y,
    );
  put(xy, 0, 0);
  put(yz, xy.width + GAP, 0);
  put(xz, 0, xy.height + GAP);
  const scale = Math.max(1, Math.floor(TARGET_PX / Math.max(w, h)));
  const out = document.createElement('canvas');
  out.width = w * scale;
  out.height = h * scale;
  const o = out.getContext('2d')!;
  o.imageSmoothingEnabled = false;
  o.drawImage(layout, 0, 0, out.width, out.height);
  out.toBlob((b) => b && saveBlob(b, name), 'image/png');
}
