// SIRT and SART correlation with the truth against iterations, next to our WBP and scikit-image's FBP
// (iradon, ramp) in the same run: the noise-free ±60° Shepp–Logan series, where SIRT at its old
// default (20 iterations from zeros, λ = 1) only tied FBP, and the same series with dose noise, where
// early stopping is SIRT's regulariser. Each iterative run goes once to its largest iteration count and
// scores snapshots (previews) on the way; seconds at a snapshot exclude the scoring.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { geometryFromTilts, type TiltGeometry } from '../src/core/geometry/index.ts';
import {
  reconstruct,
  SART_DEFAULTS,
  SIRT_DEFAULTS,
  type ProjectorFactory,
  type ReconstructRequest,
} from '../src/recon/algorithms/index.ts';
import { createCpuProjector } from '../src/recon/cpu/index.ts';
import type { Projector } from '../src/recon/projector.ts';
import { correlation } from '../src/recon/reference/testVolumes.ts';
import { simulateTiltSeries } from '../src/recon/simulate/index.ts';
import { hasIradon, iradonSlab } from './iradon.ts';
import type { BenchResult } from './types.ts';

// `npx tsx bench/sirtIterations.ts --small`: a 64² version for a quick look (not for the doc)
const SMALL = process.argv.includes('--small');
const N = SMALL ? 64 : 256;
const NZ = N / 2;
const THREADS = 2;
/** e/Å² per view for the noisy series (≈ 120 e/Å² over the 61 views) */
const DOSE_EA2 = 2;
const COMMAND = 'npm run bench -- --only sirt-iterations';

interface Series {
  label: string;
  data: Float32Array;
  geometry: TiltGeometry;
  angles: number[];
  truth: Float32Array;
}

/** One iterative configuration, scored at each of `marks` (iterations or SART passes). */
interface Variant {
  method: 'sirt' | 'sart';
  label: string;
  marks: number[];
  relaxation: number;
  warmStart: 'wbp' | 'zero';
  /** target: beats our default WBP's correlation at this mark (the method's default count) */
  targetAt?: number;
}

const sirtDefault = `SIRT default (λ ${SIRT_DEFAULTS.relaxation}, from zeros)`;
const sartDefault = `SART default (λ ${SART_DEFAULTS.relaxation})`;
const sirt = (label: string, relaxation: number, warmStart: 'wbp' | 'zero', marks: number[]) =>
  ({ method: 'sirt', label, relaxation, warmStart, marks }) as Variant;
const sart = (label: string, relaxation: number, warmStart: 'wbp' | 'zero' = 'zero') =>
  ({ method: 'sart', label, relaxation, warmStart, marks: [SART_DEFAULTS.iterations] }) as Variant;

const CLEAN: Variant[] = [
  sirt('SIRT old default (λ 1, from zeros)', 1, 'zero', [10, 20, 50, 100]),
  {
    ...sirt(sirtDefault, SIRT_DEFAULTS.relaxation, 'zero', [10, 20, 50]),
    targetAt: SIRT_DEFAULTS.iterations,
  },
  sirt('SIRT λ 1.5, from zeros', 1.5, 'zero', [20]),
  sirt('SIRT λ 1.9, from zeros', 1.9, 'zero', [20]),
  sirt('SIRT λ 1, WBP start', 1, 'wbp', [10, 20]),
  sirt(`SIRT λ ${SIRT_DEFAULTS.relaxation}, WBP start`, SIRT_DEFAULTS.relaxation, 'wbp', [20]),
  sirt('SIRT λ 1.9, WBP start', 1.9, 'wbp', [20]),
  sart('SART old default (λ 1)', 1),
  { ...sart(sartDefault, SART_DEFAULTS.relaxation), targetAt: SART_DEFAULTS.iterations },
  sart('SART λ 0.25', 0.25),
];

const NOISY: Variant[] = [
  sirt('SIRT old default (λ 1, from zeros)', 1, 'zero', [5, 20]),
  { ...sirt(sirtDefault, SIRT_DEFAULTS.relaxation, 'zero', [20]), targetAt: SIRT_DEFAULTS.iterations },
  sirt(`SIRT λ ${SIRT_DEFAULTS.relaxation}, WBP start`, SIRT_DEFAULTS.relaxation, 'wbp', [20]),
  sart('SART old default (λ 1)', 1),
  { ...sart(sartDefault, SART_DEFAULTS.relaxation), targetAt: SART_DEFAULTS.iterations },
];

const r4 = (x: number) => Number(x.toFixed(4));
const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

async function simulate(label: string, doseEA2?: number): Promise<Series> {
  const sim = await simulateTiltSeries({
    phantom: { name: 'shepp', nx: N, ny: N, nz: NZ },
    tiltRangeDeg: [-60, 60],
    tiltStepDeg: 2,
    seed: 1,
    ...(doseEA2 ? { doseEA2 } : {}),
  });
  const geometry = geometryFromTilts(sim.anglesDeg);
  return { label, data: sim.tiltSeries.data, geometry, angles: sim.anglesDeg, truth: sim.truth.data };
}

/** One threaded projector for the whole benchmark (threads start once); reconstruct() may dispose views. */
function sharedProjector(): { factory: ProjectorFactory; dispose(): void } {
  let p: Projector | undefined;
  return {
    factory: (g, vol, det) => {
      const q = (p ??= createCpuProjector(g, vol, det, { threads: THREADS }));
      return { ...viewOf(q), dispose() {} };
    },
    dispose: () => p?.dispose(),
  };
}

function viewOf(q: Projector): Omit<Projector, 'dispose'> {
  return {
    volumeDims: q.volumeDims,
    detectorDims: q.detectorDims,
    geometry: q.geometry,
    nviews: q.nviews,
    device: q.device,
    forward: (...a) => q.forward(...a),
    back: (...a) => q.back(...a),
  };
}

function request(s: Series, createProjector: ProjectorFactory): ReconstructRequest {
  const { data, geometry } = s;
  return {
    data,
    nu: N,
    nv: N,
    nviews: s.angles.length,
    geometry,
    thickness: NZ,
    method: 'wbp',
    createProjector,
  };
}

function row(s: Series, method: string, iterations: number | string, corr: number, seconds: number) {
  return {
    name: `${s.label}: ${method}`,
    command: COMMAND,
    seconds,
    details: { iterations, corr_truth: r4(corr) } as Record<string, number | string>,
  };
}

/** Scores `v` at its marks in one run: correlation and seconds (scoring time left out). */
async function runVariant(s: Series, base: ReconstructRequest, v: Variant): Promise<BenchResult[]> {
  const marks = new Set(v.marks);
  const out: BenchResult[] = [];
  let scoringMs = 0;
  const t0 = performance.now();
  await reconstruct({
    ...base,
    method: v.method,
    iterations: Math.max(...v.marks),
    relaxation: v.relaxation,
    warmStart: v.warmStart,
    previewEvery: v.marks.reduce(gcd),
    onPreview: (volume, it) => {
      if (!marks.has(it)) return;
      const t = performance.now();
      const seconds = (t - t0 - scoringMs) / 1000;
      out.push(row(s, v.label, it, correlation(volume, s.truth), seconds));
      scoringMs += performance.now() - t;
    },
  });
  console.error(`bench sirt-iterations: ${s.label}, ${v.label} done`);
  return out;
}

async function runSeries(s: Series, variants: Variant[], factory: ProjectorFactory): Promise<BenchResult[]> {
  const base = request(s, factory);
  const results: BenchResult[] = [];
  await reconstruct(base); // warms the threads and the JIT up
  const w = await reconstruct(base);
  const cWbp = correlation(w.volume.data, s.truth);
  results.push(row(s, 'WBP (radial 0.35, 0.035; our default)', '–', cWbp, w.seconds));
  const ramp = await reconstruct({ ...base, filter: 'ramp' });
  results.push(row(s, 'WBP (ramp)', '–', correlation(ramp.volume.data, s.truth), ramp.seconds));
  if (hasIradon()) {
    const ir = iradonSlab(s.data, N, N, s.angles, NZ, 1e9);
    const r = row(s, 'scikit-image FBP (iradon, ramp)', '–', correlation(ir.volume, s.truth), ir.seconds);
    r.details.version = `skimage ${ir.version}, 1 thread`;
    results.push(r);
  } else {
    results.push({ ...row(s, 'scikit-image FBP', '–', NaN, 0), details: { note: 'no skimage here' } });
  }
  for (const v of variants) {
    const rows = await runVariant(s, base, v);
    const at = rows.find((r) => r.details.iterations === v.targetAt);
    if (at) {
      at.target = `corr > our WBP's (${r4(cWbp)})`;
      at.met = (at.details.corr_truth as number) > cWbp;
    }
    results.push(...rows);
  }
  return results;
}

/** method / iterations / correlation / seconds, for the console */
function table(results: BenchResult[]): string {
  const lines = results.map((r) => {
    const { iterations, corr_truth } = r.details;
    return `${r.name.padEnd(72)} ${String(iterations).padStart(4)}  ${String(corr_truth).padEnd(6)}  ${r.seconds.toFixed(1).padStart(6)}`;
  });
  return [`${'method'.padEnd(72)} ${'it'.padStart(4)}  corr    ${'s'.padStart(6)}`, ...lines].join('\n');
}

export async function benchSirtIterations(): Promise<BenchResult[]> {
  const load = loadavg()[0];
  const shared = sharedProjector();
  const results: BenchResult[] = [];
  try {
    const clean = await simulate(`shepp ${N}²×61 ±60° noise-free`);
    results.push(...(await runSeries(clean, CLEAN, shared.factory)));
    const noisy = await simulate(`shepp ${N}²×61 ±60° dose ${DOSE_EA2} e/Å²/view`, DOSE_EA2);
    results.push(...(await runSeries(noisy, NOISY, shared.factory)));
  } finally {
    shared.dispose();
  }
  // the dev machines are shared: note how busy this one was
  Object.assign(results[0].details, { threads: THREADS, load_avg_1min_at_start: Number(load.toFixed(2)) });
  console.log(table(results));
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchSirtIterations().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
