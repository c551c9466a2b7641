/**
 * Draws one section to a 2D canvas in grayscale through a contrast window. No React here.
 * Row 0 of the data is drawn at the bottom (MRC/IMOD convention: y up, as 3dmod shows it).
 */
import type { ContrastWindow } from './contrast.ts';

export interface SectionImage {
  nx: number;
  ny: number;
  data: Float32Array;
}

/** RGBA bytes for `section` through `window`; pure, so it can be tested without a canvas. */
export function toGrayRgba(section: SectionImage, window: ContrastWindow): Uint8ClampedArray<ArrayBuffer> {
  const { nx, ny, data } = section;
  const out = new Uint8ClampedArray(new ArrayBuffer(nx * ny * 4));
  const scale = 255 / (window.hi - window.lo || 1);
  for (let y = 0; y < ny; y++) {
    const src = y * nx;
    const dst = (ny - 1 - y) * nx * 4;
    for (let x = 0; x < nx; x++) {
      const g = (data[src + x] - window.lo) * scale;
      const o = dst + 4 * x;
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      out[o + 3] = 255;
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
