import { describe, expect, it } from 'vitest';
import { curvesCsv, curvesSvg, type PlotData } from './plotExport.ts';

const plot: PlotData = {
  xLabel: 'cycles/px',
  x: [0, 0.25, 0.5],
  curves: [
    { label: 'all', stroke: '#fff', y: [1, 0.5, 0.1] },
    { label: 'missing "wedge"', stroke: '#e0a040', y: [1, NaN, 0] },
  ],
  xRange: [0, 0.5],
  yRange: [0, 1],
};

describe('plot export', () => {
  it('CSV: a header and one row per x; a missing value is an empty cell', () => {
    expect(curvesCsv(plot).split('\r\n')).toEqual([
      '"cycles/px","all","missing ""wedge"""',
      '0,1,1',
      '0.25,0.5,',
      '0.5,0.1,0',
      '',
    ]);
  });

  it('SVG: one polyline per curve, its points in the frame (x right, y up), gaps skipped', () => {
    const svg = curvesSvg(plot, 480, 300);
    const lines = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1].split(' '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual(['48.0,12.0', '258.0,136.0', '468.0,235.2']);
    expect(lines[1]).toHaveLength(2); // the NaN point is left out
    expect(svg).toContain('missing "wedge"');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
  it('a log y axis spaces decades evenly and labels them (the loss plot)', () => {
    const loss: PlotData = {
      xLabel: 'step',
      x: [1, 2, 3, 4],
      curves: [{ label: 'loss', stroke: '#fff', y: [1, 0.1, 0.01, 0] }],
      xRange: [1, 4],
      yRange: [0.01, 1],
      yLog: true,
    };
    const svg = curvesSvg(loss, 480, 300);
    const [pts] = [...svg.matchAll(/<polyline[^>]*points="([^"]*)"/g)].map((m) => m[1].split(' '));
    const ys = pts.map((p) => Number(p.split(',')[1]));
    expect(ys).toHaveLength(3); // 0 has no place on a log axis
    expect(ys[1] - ys[0]).toBeCloseTo(ys[2] - ys[1], 6);
    expect(ys[0]).toBeCloseTo(12, 6);
    expect(ys[2]).toBeCloseTo(260, 6); // the bottom of the frame (12 + 248)
    const labels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(expect.arrayContaining(['0.01', '0.1', '1', '0.05']));
  });
});
