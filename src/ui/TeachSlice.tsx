import { useEffect, useRef } from 'react';
import type { Volume } from '../core/types.ts';
import { autoContrast } from '../render/contrast.ts';
import { drawSection } from '../render/section.ts';

/** The XZ slice through the middle of y, z up, with its own auto-contrast. */
export function TeachSlice({
  volume,
  label,
  testId,
}: {
  volume: Volume | null;
  label: string;
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
    <figure className="teach-slice">
      <figcaption>
        {label} <span className="muted">XZ slice, y = middle; z ↑ (beam at 0°)</span>
      </figcaption>
      <canvas ref={canvas} data-testid={testId} role="img" aria-label={`${label}, XZ slice`} />
    </figure>
  );
}
