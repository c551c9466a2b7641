import { useEffect, useRef } from 'react';
import type { TeachSections } from '../jobs/teachSections.ts';
import { autoContrast } from '../render/contrast.ts';
import { drawSection } from '../render/section.ts';

/** The XZ slice through the middle of y (teachSections.ts), z up, with its own auto-contrast. */
export function TeachSlice({
  sections,
  caption,
  testId,
}: {
  sections: TeachSections | null;
  caption: string;
  testId: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    // nothing yet (CN before its first picture): no earlier picture under this caption
    if (!sections)
      return void canvas.current
        .getContext('2d')
        ?.clearRect(0, 0, canvas.current.width, canvas.current.height);
    const { nx, nz, middle } = sections;
    drawSection(canvas.current, { nx, ny: nz, data: middle }, autoContrast(middle));
  }, [sections]);
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
