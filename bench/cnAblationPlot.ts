// The ablation's plot (issue 9 §6, the paper's Figure 5): PSNR and the missing-wedge FSC of WBP, SIRT and CN
// against the tilt step (at ±60°) and the tilt range (at 2°), drawn with the page's own SVG plot
// (src/ui/plotExport.ts) and rendered to docs/cn-ablation.png in headless Chromium. cn-ablation calls it after
// its rows; `npx tsx bench/cnAblationPlot.ts` redraws it from the cn-ablation block of docs/benchmarks.md.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { curvesSvg, type Curve } from '../src/ui/plotExport.ts';
import { launchWithProfile } from './browserHost.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const ABLATION_PNG = resolve(ROOT, 'docs/cn-ablation.png');

export interface AblationPoint {
  rangeDeg: number;
  stepDeg: number;
  /** by method: wbp, sirt, cn */
  psnr: Record<string, number>;
  fscMissing: Record<string, number>;
}

const METHODS: readonly [string, string, string][] = [
  ['wbp', 'WBP', '#888888'],
  ['sirt', 'SIRT ×50', '#3b82f6'],
  ['cn', 'CN fast', '#e11d48'],
];

function panel(points: AblationPoint[], x: 'stepDeg' | 'rangeDeg', y: 'psnr' | 'fscMissing'): string {
  const xs = points.map((p) => p[x]);
  const curves: Curve[] = METHODS.map(([key, label, stroke]) => ({
    label,
    stroke,
    y: points.map((p) => p[y][key]),
  }));
  const all = curves.flatMap((c) => c.y).filter(Number.isFinite);
  const pad = 0.05 * (Math.max(...all) - Math.min(...all) || 1);
  return curvesSvg(
    {
      xLabel: x === 'stepDeg' ? 'tilt step, ° (±60°)' : 'tilt range ±, ° (2° steps)',
      x: xs,
      curves,
      xRange: [Math.min(...xs), Math.max(...xs)],
      yRange: [Math.min(...all) - pad, Math.max(...all) + pad],
    },
    420,
    280,
  );
}

/** The four panels as one page: PSNR (dB) above, the missing-wedge FSC below ¼ Nyquist beneath. */
export function ablationHtml(points: AblationPoint[]): string {
  const byStep = points.filter((p) => p.rangeDeg === 60).sort((a, b) => a.stepDeg - b.stepDeg);
  const byRange = points.filter((p) => p.stepDeg === 2).sort((a, b) => a.rangeDeg - b.rangeDeg);
  const cell = (title: string, svg: string) => `<figure><figcaption>${title}</figcaption>${svg}</figure>`;
  return `<!doctype html><meta charset="utf-8"><style>
    body { margin: 0; padding: 12px; background: #fff; font: 13px sans-serif; width: 880px; }
    main { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
    figure { margin: 0; } figcaption { font-weight: 600; margin: 4px 0; }
  </style><h3 style="margin:0 0 6px">Ablation: shapes 64×16×64, noise-free (cn-ablation)</h3><main>
  ${cell('PSNR (dB) against the tilt step', panel(byStep, 'stepDeg', 'psnr'))}
  ${cell('PSNR (dB) against the tilt range', panel(byRange, 'rangeDeg', 'psnr'))}
  ${cell('missing-wedge FSC (below ¼ Nyquist) against the step', panel(byStep, 'stepDeg', 'fscMissing'))}
  ${cell('missing-wedge FSC (below ¼ Nyquist) against the range', panel(byRange, 'rangeDeg', 'fscMissing'))}
  </main>`;
}

export async function writeAblationPng(points: AblationPoint[], path = ABLATION_PNG): Promise<void> {
  const browser = await launchWithProfile();
  try {
    const page = await browser.context.newPage();
    await page.setContent(ablationHtml(points));
    await page.locator('body').screenshot({ path });
  } finally {
    await browser.close();
  }
}

/** The points of the cn-ablation block that bench/run.ts wrote into docs/benchmarks.md. */
export function pointsFromDoc(doc: string): AblationPoint[] {
  const block = /<!-- bench:cn-ablation -->([\s\S]*?)<!-- \/bench:cn-ablation -->/.exec(doc)?.[1] ?? '';
  const points: AblationPoint[] = [];
  for (const line of block.split('\n')) {
    const name = /±(\d+)° in (\d+)° steps/.exec(line);
    if (!name) continue;
    const num = (k: string) => Number(new RegExp(`${k} (-?[\\d.]+)`).exec(line)?.[1] ?? NaN);
    const of = (prefix: string) => Object.fromEntries(METHODS.map(([m]) => [m, num(`${prefix}_${m}`)]));
    points.push({
      rangeDeg: Number(name[1]),
      stepDeg: Number(name[2]),
      psnr: of('psnr'),
      fscMissing: of('fsc_missing'),
    });
  }
  return points;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const points = pointsFromDoc(await readFile(resolve(ROOT, 'docs/benchmarks.md'), 'utf8'));
  if (points.length === 0) {
    console.error(
      'cnAblationPlot: no cn-ablation rows in docs/benchmarks.md; run npm run bench -- --only cn-ablation',
    );
    process.exit(2);
  }
  await writeAblationPng(points);
  console.error(`cnAblationPlot: wrote ${ABLATION_PNG} (${points.length} points)`);
}
