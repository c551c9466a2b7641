import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlignmentSummary } from '../jobs/alignTypes.ts';
import { fmt } from './format.ts';

const AXIS = { stroke: '#8b97a6', grid: { stroke: '#2a3441' } };
export const AXIS_COLORS = { score: '#9fd16a', chosen: '#e5604f' };

/** The chosen axis angle as it lies in the searched range: φ or its 180° twin, whichever falls inside. */
export function chosenInRange(scores: readonly { angleDeg: number }[], axisDeg: number): number {
  if (!scores.length) return axisDeg;
  const lo = scores[0].angleDeg;
  const hi = scores[scores.length - 1].angleDeg;
  const inside = [axisDeg, axisDeg - 180, axisDeg + 180, axisDeg - 360, axisDeg + 360].find(
    (v) => v >= lo - 1e-6 && v <= hi + 1e-6,
  );
  return inside ?? axisDeg;
}

/**
 * The tilt-axis search: its common-line score against the axis angle, the angle the alignment kept marked by
 * a vertical line (in the searched range: φ and φ + 180° score alike), and how the 180° twin was resolved.
 */
export function AxisSearchPlot({
  a,
  width = 260,
  height = 136,
  children,
}: {
  a: AlignmentSummary & { axisSearch: NonNullable<AlignmentSummary['axisSearch']> };
  width?: number;
  height?: number;
  children?: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { scores, ambiguity180 } = a.axisSearch;
  const chosen = chosenInRange(scores, a.axisRotationDeg);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let drawTimer: ReturnType<typeof setTimeout> | undefined;
    // as AlignPlot: built and first drawn in two later tasks
    const timer = setTimeout(() => {
      const mark: uPlot.Plugin = {
        hooks: {
          draw: [
            (u) => {
              const x = Math.round(u.valToPos(chosen, 'x', true));
              const ctx = u.ctx;
              ctx.save();
              ctx.strokeStyle = AXIS_COLORS.chosen;
              ctx.lineWidth = 2 * devicePixelRatio;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.restore();
            },
          ],
        },
      };
      plot = new uPlot(
        {
          width,
          height,
          legend: { show: false },
          cursor: { drag: { x: false, y: false } },
          scales: { x: { time: false } },
          axes: [
            { ...AXIS, size: 30, label: 'axis °', labelSize: 12, space: 40 },
            { ...AXIS, size: 34, space: 18 },
          ],
          series: [
            {},
            { label: 'score', stroke: AXIS_COLORS.score, width: 1.5, points: { show: true, size: 3 } },
          ],
          plugins: [mark],
        },
        [scores.map((p) => p.angleDeg), scores.map((p) => p.score)],
        (u, init) => {
          el.appendChild(u.root);
          drawTimer = setTimeout(init as () => void);
        },
      );
    });
    return () => {
      clearTimeout(timer);
      clearTimeout(drawTimer);
      plot?.destroy();
    };
  }, [scores, chosen, width, height]);
  return (
    <>
      <div className="align-plot-head">
        <span className="align-key">
          <b style={{ color: AXIS_COLORS.score }}>● score</b>{' '}
          <b style={{ color: AXIS_COLORS.chosen }}>| kept {fmt(chosen, 2)}°</b>
        </span>
        {children}
      </div>
      <div className="fsc-plot align-plot" ref={box} data-testid="align-plot-axis" />
      <p className="muted axis-note" data-testid="align-axis-note" title={ambiguity180} style={{ width }}>
        {ambiguity180}
      </p>
    </>
  );
}
