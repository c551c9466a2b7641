import { useEffect, useRef } from 'react';
import type { Volume } from '../core/types.ts';
import { autoContrast } from '../render/contrast.ts';
import { drawSection } from '../render/section.ts';

/** The XZ slice through the middle of y, z up, with its own auto-contrast. */
export function TeachSlice({
  volume,
  caption,
  testId,
}: {
  volume: Volume | null;
  caption: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!volume || !canvas.current) return;
    const { nx, ny, nz, data } = volume;
    const y = Math.floor(ny / 2);
    const xz = new Float32Array(nx * nz);
    for (let z = 0; z < nz; z++) xz.set(data.subarray(nx * (y + ny * z), nx * (y + ny * z) + nx), nx * z);
    drawSection(canvas.current, { nx, ny: nz, data: xz }, autoContrast(xz));
  }, [volume]);
  return (
    <figure className="teach-cell teach-slice">
      <figcaption className="teach-cell-head">{caption}</figcaption>
      <div className="teach-image">
        <canvas
          ref={canvas}
          data-testid={testId}
          role="img"
          aria-label={`${caption}: XZ slice through the middle of y, z up`}
        />
        <span className="teach-axis" aria-hidden="true">
          x →
        </span>
        <span className="teach-axis teach-axis-v" aria-hidden="true">
          z ↑
        </span>
      </div>
    </figure>
  );
}
