import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FscCurves } from '../jobs/reconTypes.ts';
import { PlotExport } from './PlotExport.tsx';
import type { PlotData } from './plotExport.ts';

const SERIES = [
  { key: 'all', label: 'all', stroke: '#dde4ec' },
  { key: 'present', label: 'present', stroke: '#3fb6c8' },
  { key: 'missing', label: 'missing wedge', stroke: '#e0a040' },
] as const;

/**
 * An FSC (against the truth, or between half sets): all of Fourier space, the measured (present) and the
 * missing-wedge regions. `allLabel` names the first curve ('all', or 'total' for half sets).
 */
export function FscPlot({
  fsc,
  width = 300,
  height = 128,
  allLabel = 'all',
  testId = 'fsc-plot',
}: {
  fsc: FscCurves;
  width?: number;
  height?: number;
  allLabel?: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const line = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    let drawTimer: ReturnType<typeof setTimeout> | undefined;
    // Not in the render that shows the metrics, and in two tasks: building the chart (DOM, series, axes)
    // and its first layout and draw (fonts, ticks, fillText) cost 5–8 ms of main-thread CPU each. All in
    // the task of the job's last message they made ~20 ms of CPU, which a busy 2-core machine stretches
    // past 50 ms.
    const timer = setTimeout(() => {
      plot = createPlot(
        fsc,
        width,
        height,
        allLabel,
        (u, init) => {
          el.appendChild(u.root);
          drawTimer = setTimeout(init);
        },
        (i) => {
          if (line.current) line.current.textContent = i === null ? '' : readoutText(fsc, i, allLabel);
        },
      );
      plotRef.current = plot;
    });
    return () => {
      clearTimeout(timer);
      clearTimeout(drawTimer);
      plot?.destroy();
      plotRef.current = null;
    };
  }, [fsc, width, height, allLabel]);
  return (
    <div className="fsc-plot" ref={box} data-testid={testId}>
      <span className="num plot-readout" ref={line} data-testid={`${testId}-readout`} aria-live="off" />
      <PlotExport
        name={testId}
        data={() => fscPlotData(fsc, allLabel)}
        canvas={() => plotRef.current?.ctx.canvas ?? null}
      />
    </div>
  );
}

/** "0.146 /px", then "all 0.376 · present 0.484 · wedge −0.002" on a second line */
export function readoutText(fsc: FscCurves, i: number, allLabel = 'all'): string {
  const parts: string[] = [];
  for (const s of SERIES) {
    const v = fsc[s.key]?.[i];
    if (v !== undefined)
      parts.push(`${s.key === 'all' ? allLabel : s.key === 'missing' ? 'wedge' : s.label} ${v.toFixed(3)}`);
  }
  return `${fsc.freq[i].toFixed(3)} /px\n${parts.join(' · ')}`;
}

/** The curves as drawn, for Export (CSV, SVG). */
export function fscPlotData(fsc: FscCurves, allLabel = 'all'): PlotData {
  const shown = SERIES.filter((s) => fsc[s.key] !== undefined);
  return {
    xLabel: 'cycles/px',
    x: fsc.freq,
    xRange: [0, 0.5],
    yRange: [-0.1, 1.05],
    curves: [
      ...shown.map((s) => ({
        label: s.key === 'all' ? allLabel : s.label,
        stroke: s.stroke,
        y: fsc[s.key] as number[],
      })),
      { label: '0.143', stroke: '#e5604f', y: fsc.freq.map(() => 0.143), dash: true },
      { label: '0.5', stroke: '#e5604f', y: fsc.freq.map(() => 0.5), dash: true },
    ],
  };
}

function createPlot(
  fsc: FscCurves,
  width: number,
  height: number,
  allLabel: string,
  place: (u: uPlot, init: () => void) => void,
  readout: (shell: number | null) => void,
): uPlot {
  const shown = SERIES.filter((s) => fsc[s.key] !== undefined);
  const data: uPlot.AlignedData = [fsc.freq, ...shown.map((s) => fsc[s.key] as number[])];
  const thresholds = [fsc.freq.map(() => 0.143), fsc.freq.map(() => 0.5)];
  return new uPlot(
    {
      width,
      height,
      legend: { show: true, live: false },
      cursor: { show: true, drag: { x: false, y: false }, points: { show: false } },
      // hovering reads every curve out at that frequency, in one line (a live legend would not fit)
      hooks: { setCursor: [(u) => readout(u.cursor.idx ?? null)] },
      scales: { x: { time: false, range: [0, 0.5] }, y: { range: [-0.1, 1.05] } },
      axes: [
        { stroke: '#8b97a6', grid: { stroke: '#2a3441' }, size: 28, label: 'cycles/px', labelSize: 14 },
        { stroke: '#8b97a6', grid: { stroke: '#2a3441' }, size: 34 },
      ],
      series: [
        {},
        ...shown.map((s) => ({
          label: s.key === 'all' ? allLabel : s.label,
          stroke: s.stroke,
          width: 1.5,
          points: { show: false },
        })),
        { label: '0.143, 0.5', stroke: '#e5604f', dash: [4, 4], width: 1, points: { show: false } },
        // one legend entry for both thresholds (the box has room for four): recon.css hides this one's
        { label: '0.5', stroke: '#e5604f', dash: [2, 3], width: 1, points: { show: false } },
      ],
    },
    [...data, ...thresholds] as uPlot.AlignedData,
    // uPlot types init as Function; it is its own _init(), which takes no arguments
    (u, init) => place(u, init as () => void),
  );
}
