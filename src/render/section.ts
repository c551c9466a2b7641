/**
 * Draws one section to a 2D canvas in grayscale through a contrast window. No React here.
 * Row 0 of the data is drawn at the bottom (MRC/IMOD convention: y up, as 3dmod shows it).
 */
import { colormapLut } from './colormap.ts';
import type { ContrastWindow } from './contrast.ts';

export interface SectionImage {
  nx: number;
  ny: number;
  data: Float32Array;
}

/** RGBA bytes for `section` through `window`; pure, so it can be tested without a canvas. */
export function toGrayRgba(section: SectionImage, window: ContrastWindow): Uint8ClampedArray<ArrayBuffer> {
  return toRgba(section, window, colormapLut('grey'));
}

/**
 * RGBA bytes through `window` and a 256-entry colormap (render/colormap.ts): level = round(255 · (v − lo) /
 * (hi − lo)), clamped; NaN draws as level 0, like the three.js views' shader.
 */
export function toRgba(
  section: SectionImage,
  window: ContrastWindow,
  lut: Uint8Array,
): Uint8ClampedArray<ArrayBuffer> {
  const { nx, ny, data } = section;
  const out = new Uint8ClampedArray(new ArrayBuffer(nx * ny * 4));
  const words = new Uint32Array(out.buffer);
  const colours = new Uint32Array(lut.buffer, lut.byteOffset, 256);
  const scale = 255 / (window.hi - window.lo || 1);
  for (let y = 0; y < ny; y++) {
    const src = y * nx;
    const dst = (ny - 1 - y) * nx;
    for (let x = 0; x < nx; x++) {
      const g = (data[src + x] - window.lo) * scale;
      words[dst + x] = colours[g > 0 ? (g < 255 ? Math.round(g) : 255) : 0];
    }
  }
  return out;
}

export function drawSection(canvas: HTMLCanvasElement, section: SectionImage, window: ContrastWindow): void {
  if (canvas.width !== section.nx) canvas.width = section.nx;
  if (canvas.height !== section.ny) canvas.height = section.ny;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(toGrayRgba(section, window), section.nx, section.ny), 0, 0);
}
