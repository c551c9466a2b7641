import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { FscCurves } from '../jobs/reconTypes.ts';

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
  useEffect(() => {
    if (!box.current) return;
    const shown = SERIES.filter((s) => fsc[s.key] !== undefined);
    const data: uPlot.AlignedData = [fsc.freq, ...shown.map((s) => fsc[s.key] as number[])];
    const threshold = fsc.freq.map(() => 0.143);
    const plot = new uPlot(
      {
        width,
        height,
        legend: { show: true, live: false },
        cursor: { show: false },
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
          { label: '0.143', stroke: '#e5604f', dash: [4, 4], width: 1, points: { show: false } },
        ],
      },
      [...data, threshold] as uPlot.AlignedData,
      box.current,
    );
    return () => plot.destroy();
  }, [fsc, width, height, allLabel]);
  return <div className="fsc-plot" ref={box} data-testid={testId} />;
}
