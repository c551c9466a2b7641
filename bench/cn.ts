// Coordinate-network reconstruction quality (issue 9), `npm run bench -- --only cn-modes,cn-quality,cn-genfire,
// cn-ablation` (the training step is bench/cnStep.ts):
//  - paper mode vs fast mode on small series: final PSNR and the time fast mode takes to reach paper's;
//  - quality at ±60°/2° on simulator phantoms (noise-free and Gaussian noise of 5 % of the largest ray): CN fast
//    against WBP, SIRT and TV in PSNR, SSIM, the directional FSC of the missing wedge below ¼ Nyquist, and
//    density put where the truth is empty;
//  - GENFIRE's series restricted to 120° against its vesicle.mrc;
//  - the ablation over tilt step (1, 2, 4°) and range (±40, ±50, ±60°) as in the paper's Figure 5.
import { loadavg } from 'node:os';
import type { TiltGeometry } from '../src/core/geometry/index.ts';
import { directionalFsc, psnr, ssim3d } from '../src/core/metrics/index.ts';
import { makePhantom } from '../src/core/phantoms/index.ts';
import { genfirePresent, loadGenfire } from '../src/recon/algorithms/genfire.testutil.ts';
import { writeAblationPng, type AblationPoint } from './cnAblationPlot.ts';
import { reconstruct, type ReconMethod } from '../src/recon/algorithms/index.ts';
import { addGaussianNoise } from '../src/recon/algorithms/testUtils.ts';
import type { CnOptions } from '../src/recon/cn/cn.ts';
import { createCpuProjector } from '../src/recon/cpu/index.ts';
import { createJosephProjector } from '../src/recon/reference/index.ts';
import type { BenchResult } from './types.ts';

const command = (part: string) => `npm run bench -- --only cn-${part}`;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const load = () => loadavg()[0].toFixed(2);

// ---- shared: a reconstruction and its scores ----

interface Problem {
  /** the bench part it belongs to (its reproduce command) */
  part: string;
  label: string;
  truth: Float32Array;
  dims: { nx: number; ny: number; nz: number };
  geometry: TiltGeometry;
  data: Float32Array;
}

async function simulated(
  phantom: string,
  dims: Problem['dims'],
  maxTilt: number,
  step: number,
  noise: number,
): Promise<Problem> {
  const n = Math.round((2 * maxTilt) / step) + 1;
  const geometry = { views: Array.from({ length: n }, (_, i) => ({ angleDeg: -maxTilt + i * step })) };
  const truth = makePhantom(phantom, { ...dims, maxTiltDeg: maxTilt, seed: 3 }).volume.data;
  // data from Joseph's ray-driven projector, reconstructed with the splat: no inverse crime
  const clean = await createJosephProjector(geometry, dims, { nu: dims.nx, nv: dims.ny }).forward(truth);
  const maxRay = clean.reduce((m, v) => Math.max(m, v), 0);
  const data = noise > 0 ? addGaussianNoise(clean, noise * maxRay, 7) : clean;
  return {
    part: 'quality',
    label: `${phantom} ${dims.nx}×${dims.ny}×${dims.nz} ±${maxTilt}°/${step}°${noise ? `, noise ${100 * noise}% of max ray` : ''}`,
    truth,
    dims,
    geometry,
    data,
  };
}

interface Scored {
  psnr: number;
  ssim: number;
  missingFsc: number;
  emptyP99: number;
  seconds: number;
  steps?: number;
  curve?: [number, number][];
}

function scoreOf(p: Problem, rec: Float32Array): Omit<Scored, 'seconds'> {
  const t = { ...p.dims, data: p.truth };
  const r = { ...p.dims, data: rec };
  const range = p.truth.reduce((m, v) => Math.max(m, v), 0);
  const d = directionalFsc(
    t,
    r,
    p.geometry.views.map((v) => v.angleDeg),
  );
  let sum = 0;
  let n = 0;
  for (let i = 0; i < d.missing.freq.length; i++)
    if (d.missing.freq[i] <= 0.125 && Number.isFinite(d.missing.fsc[i])) {
      sum += d.missing.fsc[i];
      n++;
    }
  // density where the truth is empty (2 voxels away from anything), as a fraction of the truth's range
  const empty: number[] = [];
  const { nx, ny, nz } = p.dims;
  for (let z = 2; z < nz - 2; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 2; x < nx - 2; x++) {
        let near = false;
        for (let dz = -2; dz <= 2 && !near; dz++)
          for (let dx = -2; dx <= 2 && !near; dx++)
            if (p.truth[x + dx + nx * (y + ny * (z + dz))] > 0) near = true;
        if (!near) empty.push(Math.abs(rec[x + nx * (y + ny * z)]));
      }
  empty.sort((a, b) => a - b);
  return {
    psnr: psnr(t, r),
    // SSIM's 11-voxel window needs 11 voxels on every axis (the paper-vs-fast series has 8 rows)
    ssim: Math.min(p.dims.nx, p.dims.ny, p.dims.nz) >= 11 ? ssim3d(t, r) : NaN,
    missingFsc: n ? sum / n : NaN,
    emptyP99: empty.length ? empty[Math.floor(0.99 * (empty.length - 1))] / range : NaN,
  };
}

async function run(
  p: Problem,
  method: ReconMethod,
  extra: { iterations?: number; lambda?: number; cn?: CnOptions } = {},
): Promise<Scored> {
  const { nx, ny, nz } = p.dims;
  const curve: [number, number][] = [];
  const t0 = performance.now();
  let previewAt = 0;
  let previewSeconds = 0;
  const r = await reconstruct({
    data: p.data,
    nu: nx,
    nv: ny,
    nviews: p.geometry.views.length,
    geometry: p.geometry,
    method,
    thickness: nz,
    createProjector: (g, v, d) => createCpuProjector(g, v, d, { threads: 2 }),
    iterations: extra.iterations,
    lambda: extra.lambda,
    positivity: method === 'tv' ? true : undefined,
    cn: extra.cn,
    // cn: PSNR against the truth along the way (its evaluation time is taken out of the clock)
    previewEvery: method === 'cn' ? 100 : undefined,
    onPreview:
      method === 'cn'
        ? (v, step) => {
            const s = performance.now();
            previewAt = (s - t0) / 1000 - previewSeconds;
            curve.push([previewAt, psnr({ ...p.dims, data: p.truth }, { ...p.dims, data: v })]);
            previewSeconds += (performance.now() - s) / 1000;
            void step;
          }
        : undefined,
  });
  const seconds = (performance.now() - t0) / 1000 - previewSeconds;
  return { ...scoreOf(p, r.volume.data), seconds, steps: r.cn?.steps, curve };
}

function row(
  p: Problem,
  method: string,
  s: Scored,
  extra: Record<string, number | string> = {},
): BenchResult {
  return {
    name: `cn quality: ${method}, ${p.label}`,
    command: command(p.part),
    seconds: s.seconds,
    details: {
      psnr: r2(s.psnr),
      ssim: r3(s.ssim),
      fsc_missing_lt_quarter_nyquist: r3(s.missingFsc),
      empty_p99_of_range: r3(s.emptyP99),
      ...(s.steps ? { steps: s.steps } : {}),
      ...extra,
      load: load(),
    },
  };
}

async function classicRows(p: Problem): Promise<BenchResult[]> {
  const range = p.truth.reduce((m, v) => Math.max(m, v), 0);
  return [
    row(p, 'WBP', await run(p, 'wbp')),
    row(p, 'SIRT (50 it.)', await run(p, 'sirt', { iterations: 50 })),
    row(
      p,
      'TV (λ 0.003 × range, 30 it., positivity)',
      await run(p, 'tv', { iterations: 30, lambda: 0.003 * range }),
    ),
  ];
}

// ---- 2. paper vs fast ----

async function modeRows(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  // 48 px wide: WUCON's lr 1e-3 collapses there (../shared/notes/coordinate-network.md); 96 px: it recovers
  for (const dims of [
    { nx: 48, ny: 8, nz: 32 },
    { nx: 96, ny: 8, nz: 48 },
  ]) {
    const p = { ...(await simulated('shepp', dims, 60, 2, 0)), part: 'modes' };
    const paper = await run(p, 'cn', { cn: { mode: 'paper', threads: 2 } });
    const fast = await run(p, 'cn', { cn: { mode: 'fast', threads: 2 } });
    const reach = fast.curve?.find(([, q]) => q >= paper.psnr)?.[0];
    const speedup = reach === undefined ? undefined : paper.seconds / reach;
    rows.push(
      ...(await classicRows(p)),
      row(p, 'CN paper (WUCON schedule)', paper, {
        s_per_step: r3(paper.seconds / (paper.steps ?? 1)),
      }),
      {
        ...row(p, 'CN fast', fast, {
          s_per_step: r3(fast.seconds / (fast.steps ?? 1)),
          reaches_paper_psnr_s: reach === undefined ? 'never' : r2(reach),
          speedup_vs_paper: speedup === undefined ? '–' : r2(speedup),
        }),
        target: '≥ 10× faster to the paper mode’s PSNR',
        met: speedup !== undefined && speedup >= 10,
      },
    );
  }
  return rows;
}

// ---- 3. quality on phantoms ----

async function phantomRows(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  for (const [phantom, noise] of [
    ['shapes', 0],
    ['shapes', 0.05],
    ['spheres', 0],
  ] as const) {
    // 16 rows: one fast-mode network (6000 automatic steps, ≈ 5 min here); 64³ takes two and ≈ 15 min each
    const p = await simulated(
      phantom,
      { nx: 64, ny: Number(process.env.CN_QUALITY_NY ?? 16), nz: 64 },
      60,
      2,
      noise,
    );
    rows.push(
      ...(await classicRows(p)),
      row(p, 'CN fast', await run(p, 'cn', { cn: { mode: 'fast', threads: 2 } })),
    );
  }
  return rows;
}

// ---- 4. GENFIRE, 120° of its 180° ----

async function genfireRows(): Promise<BenchResult[]> {
  if (!genfirePresent()) return [];
  const g = loadGenfire();
  const n = 64;
  // views 10…50: −30° … −150°, a 120° range (a 60° missing wedge about the 0°/180° beam)
  const keep = Array.from({ length: 41 }, (_, i) => 10 + i);
  const data = new Float32Array(n * n * keep.length);
  keep.forEach((k, j) => data.set(g.projections.subarray(k * n * n, (k + 1) * n * n), j * n * n));
  const p: Problem = {
    part: 'genfire',
    label: 'GENFIRE vesicle 64³, views −30…−150° (120°)',
    truth: g.truth,
    dims: { nx: n, ny: n, nz: n },
    geometry: { views: keep.map((k) => g.views[k]) },
    data,
  };
  return [
    ...(await classicRows(p)),
    row(p, 'CN fast', await run(p, 'cn', { cn: { mode: 'fast', threads: 2 } })),
  ];
}

// ---- 5. ablation ----

async function ablationRows(): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  const points: AblationPoint[] = [];
  for (const [range, step] of [
    [60, 1],
    [60, 2],
    [60, 4],
    [50, 2],
    [40, 2],
  ] as const) {
    const p = await simulated('shapes', { nx: 64, ny: 16, nz: 64 }, range, step, 0);
    const w = await run(p, 'wbp');
    const s = await run(p, 'sirt', { iterations: 50 });
    const c = await run(p, 'cn', { cn: { mode: 'fast', threads: 2 } });
    points.push({
      rangeDeg: range,
      stepDeg: step,
      psnr: { wbp: w.psnr, sirt: s.psnr, cn: c.psnr },
      fscMissing: { wbp: w.missingFsc, sirt: s.missingFsc, cn: c.missingFsc },
    });
    rows.push({
      name: `cn ablation: shapes 64×16×64, ±${range}° in ${step}° steps`,
      command: command('ablation'),
      seconds: c.seconds,
      details: {
        psnr_wbp: r2(w.psnr),
        psnr_sirt: r2(s.psnr),
        psnr_cn: r2(c.psnr),
        fsc_missing_wbp: r3(w.missingFsc),
        fsc_missing_sirt: r3(s.missingFsc),
        fsc_missing_cn: r3(c.missingFsc),
        load: load(),
      },
    });
  }
  await writeAblationPng(points); // docs/cn-ablation.png
  return rows;
}

export const benchCnModes = modeRows;
export const benchCnQuality = phantomRows;
export const benchCnGenfire = genfireRows;
export const benchCnAblation = ablationRows;
