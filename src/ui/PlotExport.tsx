import { curvesCsv, curvesSvg, type PlotData } from './plotExport.ts';
import { saveBlob, saveBytes } from './saveFile.ts';

/** Export a plot: PNG (its canvas as drawn), SVG (vector, from the curves) or CSV (the numbers). */
export function PlotExport({
  name,
  data,
  canvas,
}: {
  name: string;
  data: () => PlotData;
  canvas: () => HTMLCanvasElement | null;
}) {
  const save = (what: string) => {
    if (what === 'csv') saveBytes(new TextEncoder().encode(curvesCsv(data())), `${name}.csv`, 'text/csv');
    else if (what === 'svg')
      saveBytes(new TextEncoder().encode(curvesSvg(data())), `${name}.svg`, 'image/svg+xml');
    else if (what === 'png') canvas()?.toBlob((b) => b && saveBlob(b, `${name}.png`), 'image/png');
  };
  return (
    <select
      className="plot-export"
      aria-label="export the plot"
      data-testid={`${name}-export`}
      value=""
      onChange={(e) => save(e.currentTarget.value)}
    >
      <option value="" disabled>
        Save
      </option>
      <option value="png">PNG</option>
      <option value="svg">SVG</option>
      <option value="csv">CSV</option>
    </select>
  );
}
