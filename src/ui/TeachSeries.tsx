import { useEffect, useRef } from 'react';
import type { ContrastWindow } from '../render/contrast.ts';
import { SINOGRAM_ROWS, sinogramRgba } from '../render/sinogramImage.ts';

const TICKS_DEG = [90, 60, 30, 0, -30, -60, -90];
/** where an angle's row centre sits, % from the top */
const topPct = (deg: number) => ((90 - deg + 0.5) / SINOGRAM_ROWS) * 100;

/**
 * The series as a sinogram of the middle row on a fixed −90…+90° axis (render/sinogramImage.ts): the band
 * of angles measured, its step, and the hatched gap the missing wedge comes from.
 */
export function TeachSeries({
  anglesDeg,
  rows,
  nu,
  window,
  caption,
  testId,
  edges,
}: {
  anglesDeg: readonly number[];
  rows: Float32Array | null;
  nu: number;
  /** grey levels (the truth's sinogram's, so both read alike) */
  window: ContrastWindow;
  caption: string;
  testId: string;
  /** draw the largest tilts as magenta lines */
  edges?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !rows) return;
    if (c.width !== nu) c.width = nu;
    if (c.height !== SINOGRAM_ROWS) c.height = SINOGRAM_ROWS;
    const rgba = sinogramRgba(anglesDeg, rows, nu, window);
    c.getContext('2d')?.putImageData(new ImageData(rgba, nu, SINOGRAM_ROWS), 0, 0);
  }, [anglesDeg, rows, nu, window]);
  const lo = anglesDeg.length ? Math.min(...anglesDeg) : 0;
  const hi = anglesDeg.length ? Math.max(...anglesDeg) : 0;
  return (
    <figure className="teach-cell teach-series" data-views={anglesDeg.length} data-range={`${lo},${hi}`}>
      <figcaption className="teach-cell-head">{caption}</figcaption>
      <div className="teach-image">
        <canvas
          ref={canvas}
          data-testid={testId}
          role="img"
          aria-label={`${caption}: sinogram of the middle row, ${anglesDeg.length} views from ${lo}° to ${hi}°`}
        />
        {TICKS_DEG.map((d) => (
          <span key={d} className="teach-tick" style={{ top: `${topPct(d)}%` }} aria-hidden="true">
            {d > 0 ? `+${d}` : d}°
          </span>
        ))}
        {edges &&
          [lo, hi].map((d, i) => (
            <span key={i} className="teach-edge" style={{ top: `${topPct(d)}%` }} aria-hidden="true" />
          ))}
        <span className="teach-axis" aria-hidden="true">
          x →
        </span>
      </div>
    </figure>
  );
}
