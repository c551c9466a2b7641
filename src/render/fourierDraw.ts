/**
 * Draws a central section's log power spectrum (viridis, +k to the right and up, the section stretched square
 * so both axes span ±½ cycle/px and a line at θ in frequency shows at θ) with the missing wedge's two edges
 * (the extreme tilts) and, optionally, one line per measured view. No React here.
 */
import { PLANE_AXES, type SectionPlane } from '../core/fft/centralSections.ts';
import { colormapLut } from './colormap.ts';
import { sampleQuantiles } from './contrast.ts';
import { lineAngleDeg, sectionLine, wedgeEdgesDeg } from './fourierGeometry.ts';
import { toRgba } from './section.ts';

/** The wedge edges' colour: a magenta that viridis never takes (the e2e test counts it). */
export const WEDGE_EDGE_RGB: readonly [number, number, number] = [255, 61, 154];
const SECTION_CSS = 'rgba(255, 255, 255, 0.45)';
const DECADES_SHOWN = 6;

export interface FourierDrawOptions {
  plane: SectionPlane;
  tiltsDeg: readonly number[];
  tiltAxisAngleDeg: number;
  showSections: boolean;
  /** the canvas's backing size (square), px */
  sizePx: number;
}

export interface FourierDrawn {
  /** screen angles of the drawn wedge edges (degrees, counter-clockwise from +h), [] where none shows */
  edgeAnglesDeg: number[];
  sectionLines: number;
}

export function drawFourier(
  canvas: HTMLCanvasElement,
  spectrum: { width: number; height: number; data: Float32Array },
  o: FourierDrawOptions,
): FourierDrawn {
  const s = o.sizePx;
  if (canvas.width !== s) canvas.width = s;
  if (canvas.height !== s) canvas.height = s;
  const ctx = canvas.getContext('2d');
  if (!ctx) return { edgeAnglesDeg: [], sectionLines: 0 };
  const { width, height, data } = spectrum;
  // six decades below the top: the wedge shows dark however bright the rest is, the truth keeps its detail
  const [q5, hi] = sampleQuantiles(data, [5, 99.95]);
  const lo = Math.max(q5, hi - DECADES_SHOWN);
  const rgba = toRgba(
    { nx: width, ny: height, data },
    { lo, hi: hi > lo ? hi : lo + 1 },
    colormapLut('viridis'),
  );
  const image = new OffscreenCanvas(width, height);
  image.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(image, 0, 0, s, s);

  // the origin pixel's centre (row 0 is drawn at the bottom)
  const ox = (s * (Math.floor(width / 2) + 0.5)) / width;
  const oy = (s * (height - 1 - Math.floor(height / 2) + 0.5)) / height;
  const line = (dir: [number, number], css: string, widthPx: number) => {
    ctx.strokeStyle = css;
    ctx.lineWidth = widthPx;
    ctx.beginPath();
    ctx.moveTo(ox - dir[0] * 2 * s, oy + dir[1] * 2 * s);
    ctx.lineTo(ox + dir[0] * 2 * s, oy - dir[1] * 2 * s);
    ctx.stroke();
  };
  let sectionLines = 0;
  if (o.showSections) {
    for (const t of new Set(o.tiltsDeg)) {
      const dir = sectionLine(o.plane, t, o.tiltAxisAngleDeg);
      if (!dir) continue;
      line(dir, SECTION_CSS, Math.max(1, s / 512));
      sectionLines++;
    }
  }
  const edgeAnglesDeg: number[] = [];
  if (o.plane !== 'xy' && o.tiltsDeg.length > 0) {
    for (const t of wedgeEdgesDeg(o.tiltsDeg)) {
      const dir = sectionLine(o.plane, t, o.tiltAxisAngleDeg);
      if (!dir) continue;
      line(dir, `rgb(${WEDGE_EDGE_RGB.join(',')})`, Math.max(2, s / 128));
      edgeAnglesDeg.push(lineAngleDeg(dir));
    }
  }
  return { edgeAnglesDeg, sectionLines };
}

/** The axis labels of a plane: horizontal, vertical. */
export function axisLabels(plane: SectionPlane): [string, string] {
  const { h, v } = PLANE_AXES[plane];
  return [`k${h}`, `k${v}`];
}
