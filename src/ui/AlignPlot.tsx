import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { AlignmentSummary } from '../jobs/alignTypes.ts';

export type AlignPlotKind = 'shifts' | 'residuals';

const AXIS = { stroke: '#8b97a6', grid: { stroke: '#2a3441' } };

const COLORS = { dx: '#3fb6c8', dy: '#e0a040', residual: '#dde4ec', outlier: '#e5604f' };

/**
 * An alignment against tilt angle: the per-view shifts dx, dy (px), or the residuals (px) with the outlier
 * views marked. Views are drawn in tilt order. Over the plot, a key line (with `children`, e.g. the plot
 * switch) that names the view under the cursor while it hovers: numbered from 1, as the Exclude views field.
 */
export function AlignPlot({
  a,
  kind,
  width = 260,
  height = 136,
  children,
}: {
  a: AlignmentSummary;
  kind: AlignPlotKind;
  width?: number;
  height?: number;
  children?: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const keyLine = useRef<HTMLSpanElement>(null);
  const hoverLine = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let drawTimer: ReturnType<typeof setTimeout> | undefined;
    // the hovered view, written straight into the line (no React render per mouse move)
    const hover = (text: string | null) => {
      const [k, h] = [keyLine.current, hoverLine.current];
      if (!k || !h) return;
      h.textContent = text ?? '';
      h.style.display = text === null ? 'none' : '';
      k.style.display = text === null ? '' : 'none';
    };
    // as FscPlot: built and first drawn in two later tasks, not in the render that shows the result
    const timer = setTimeout(() => {
      plot = createPlot(a, kind, width, height, hover, (u, init) => {
        el.appendChild(u.root);
        drawTimer = setTimeout(init);
      });
    });
    return () => {
      clearTimeout(timer);
      clearTimeout(drawTimer);
      plot?.destroy();
      hover(null);
    };
  }, [a, kind, width, height]);
  return (
    <>
      <div className="align-plot-head">
        <span className="align-key" ref={keyLine}>
          {kind === 'shifts' ? (
            <>
              <b style={{ color: COLORS.dx }}>● dx</b> <b style={{ color: COLORS.dy }}>● dy</b> px
            </>
          ) : (
            <>
              <b style={{ color: COLORS.residual }}>● residual</b> px{' '}
              <b style={{ color: COLORS.outlier }}>● outlier ({a.outlierViews.length})</b>
            </>
          )}
        </span>
        <span
          className="align-hover num"
          ref={hoverLine}
          style={{ display: 'none' }}
          data-testid="align-hover"
        />
        {children}
      </div>
      <div className="fsc-plot align-plot" ref={box} data-testid={`align-plot-${kind}`} />
    </>
  );
}

const fmtDeg = (v: number): string => `${Number(v.toFixed(2))}°`;

/** View indices sorted by tilt angle (uPlot needs ascending x). */
export function tiltOrder(anglesDeg: readonly number[]): number[] {
  return anglesDeg.map((_, k) => k).sort((p, q) => anglesDeg[p] - anglesDeg[q] || p - q);
}

function createPlot(
  a: AlignmentSummary,
  kind: AlignPlotKind,
  width: number,
  height: number,
  hover: (text: string | null) => void,
  place: (u: uPlot, init: () => void) => void,
): uPlot {
  const order = tiltOrder(a.anglesDeg);
  const x = order.map((k) => a.anglesDeg[k] + a.tiltOffsetDeg);
  const outliers = new Set(a.outlierViews);
  const excluded = new Set(a.excludedViews);
  const value = (v: number | null) => (v === null ? null : Number(v.toFixed(2)));
  const ys: (number | null)[][] =
    kind === 'shifts'
      ? [order.map((k) => value(a.shiftsPx[k][0])), order.map((k) => value(a.shiftsPx[k][1]))]
      : [
          order.map((k) => value(excluded.has(k) ? null : a.residualsPx[k])),
          order.map((k) => (outliers.has(k) ? value(a.residualsPx[k]) : null)),
        ];
  const series: uPlot.Series[] =
    kind === 'shifts'
      ? [
          { label: 'dx px', stroke: COLORS.dx, width: 1.5, points: { show: true, size: 4 } },
          { label: 'dy px', stroke: COLORS.dy, width: 1.5, points: { show: true, size: 4 } },
        ]
      : [
          { label: 'residual px', stroke: COLORS.residual, width: 1, points: { show: true, size: 4 } },
          {
            label: 'outlier',
            stroke: COLORS.outlier,
            width: 0,
            paths: () => null,
            points: { show: true, size: 9, stroke: COLORS.outlier, fill: COLORS.outlier },
          },
        ];
  const describe = (idx: number): string => {
    const k = order[idx];
    const at = `view ${k + 1} · ${fmtDeg(x[idx])}`;
    if (excluded.has(k)) return `${at} · excluded`;
    if (kind === 'shifts') return `${at} · ${a.shiftsPx[k].map((v) => v.toFixed(2)).join(', ')} px`;
    const r = a.residualsPx[k];
    return `${at} · ${r === null ? '–' : r.toFixed(2)} px${outliers.has(k) ? ' (outlier)' : ''}`;
  };
  return new uPlot(
    {
      width,
      height,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false },
        y: kind === 'residuals' ? { range: (_u, _lo, hi) => [0, hi * 1.15 || 1] } : {},
      },
      axes: [
        { ...AXIS, size: 30, label: 'tilt °', labelSize: 12, space: 40 },
        { ...AXIS, size: 34, space: 18 },
      ],
      series: [{}, ...series],
      hooks: {
        setCursor: [(u) => hover(u.cursor.idx == null ? null : describe(u.cursor.idx))],
      },
    },
    [x, ...ys] as uPlot.AlignedData,
    // uPlot types init as Function; it is its own _init(), which takes no arguments
    (u, init) => place(u, init as () => void),
  );
}
