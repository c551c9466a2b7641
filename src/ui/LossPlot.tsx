import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { PlotExport } from './PlotExport.tsx';

const AXIS = { stroke: '#8b97a6', grid: { stroke: '#2a3441' } };

/** At most `n` points of a curve, evenly spaced in step (the store and the plot never hold thousands). */
export function thinCurve(
  steps: readonly number[],
  values: readonly number[],
  n = 400,
): [number[], number[]] {
  if (steps.length <= n) return [[...steps], [...values]];
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = Math.round((i * (steps.length - 1)) / (n - 1));
    xs.push(steps[k]);
    ys.push(values[k]);
  }
  return [xs, ys];
}

/**
 * A coordinate network's loss against training step, on a log scale: live while it trains (redrawn in a
 * later task as points arrive) and in the result.
 */
export function LossPlot({
  steps,
  losses,
  width = 260,
  height = 110,
  testId,
  compact = false,
  yLabel = 'loss',
}: {
  steps: readonly number[];
  losses: readonly number[];
  width?: number;
  height?: number;
  testId: string;
  /** no axes: a sparkline (the job bar) */
  compact?: boolean;
  yLabel?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const u = new uPlot(
      {
        width,
        height,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: compact
          ? [{ show: false }, { show: false }]
          : [
              { ...AXIS, label: 'step', size: 30, labelSize: 14 },
              { ...AXIS, label: yLabel, size: 48, labelSize: 14 },
            ],
        series: [{}, { label: yLabel, stroke: '#3fb6c8', width: 1.5 }],
      },
      [[], []],
      el,
    );
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [width, height, compact, yLabel]);
  useEffect(() => {
    const positive = losses.map((l) => (l > 0 ? l : null));
    const t = setTimeout(() => plot.current?.setData([[...steps], positive] as uPlot.AlignedData));
    return () => clearTimeout(t);
  }, [steps, losses]);
  return (
    <div className="fsc-plot loss-plot" ref={box} data-testid={testId} aria-label={`${yLabel} per step`}>
      {!compact && (
        <PlotExport
          name={testId}
          canvas={() => plot.current?.ctx.canvas ?? null}
          data={() => ({
            xLabel: 'step',
            x: steps,
            curves: [{ label: yLabel, stroke: '#3fb6c8', y: losses }],
            xRange: [steps[0] ?? 0, steps.at(-1) ?? 1],
            yRange: [Math.min(...losses.filter((v) => v > 0)), Math.max(...losses)],
            yLog: true,
          })}
        />
      )}
    </div>
  );
}
