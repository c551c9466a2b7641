import { describe, expect, it } from 'vitest';
import { ablationHtml, pointsFromDoc } from './cnAblationPlot.ts';

const block = `<!-- bench:cn-ablation -->
| case | seconds | target | met | command | details |
| cn ablation: shapes 64×16×64, ±60° in 1° steps | 79.6 |  |  | x | psnr_wbp 25.64, psnr_sirt 26.41, psnr_cn 24.37, fsc_missing_wbp -0.076, fsc_missing_sirt 0.069, fsc_missing_cn 0.72, load 2.56 |
| cn ablation: shapes 64×16×64, ±40° in 2° steps | 128 |  |  | x | psnr_wbp 23.66, psnr_sirt 24.17, psnr_cn 23.97, fsc_missing_wbp 0.025, fsc_missing_sirt 0.174, fsc_missing_cn 0.873, load 2.04 |
<!-- /bench:cn-ablation -->`;

describe('the ablation plot', () => {
  it('reads the points back from the generated block, negative values too', () => {
    const p = pointsFromDoc(`# Benchmarks\n${block}\n| ±50° in 2° steps outside the block |`);
    expect(p).toHaveLength(2);
    expect(p[0]).toEqual({
      rangeDeg: 60,
      stepDeg: 1,
      psnr: { wbp: 25.64, sirt: 26.41, cn: 24.37 },
      fscMissing: { wbp: -0.076, sirt: 0.069, cn: 0.72 },
    });
    expect(p[1].rangeDeg).toBe(40);
  });

  it('draws four panels, each with the three methods', () => {
    const html = ablationHtml(pointsFromDoc(block));
    const panels = html.split('<svg').slice(1);
    expect(panels).toHaveLength(4);
    for (const svg of panels) for (const m of ['WBP', 'SIRT ×50', 'CN fast']) expect(svg).toContain(m);
  });
});
