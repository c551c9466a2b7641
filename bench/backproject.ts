// Raw CPU projector throughput (src/recon/cpu) at WBP sizes, in voxel updates per second
// (nx·ny·nz·nviews / seconds), with 1 and 2 threads. The end-to-end WBP comparison with scikit-image's
// iradon lives in the WBP benchmark; this one isolates the backprojector.
import { loadavg } from 'node:os';
import { geometryFromTilts, type TiltGeometry } from '../src/core/geometry/index.ts';
import { createCpuProjector } from '../src/recon/cpu/index.ts';
import type { BenchResult } from './types.ts';

interface Case {
  n: number;
  nz: number;
  /** also time forward projection, the x-tilted fast path and the general (rotated) path */
  extras: boolean;
}

const CASES: Case[] = [
  { n: 256, nz: 128, extras: true },
  { n: 512, nz: 256, extras: false },
];
const THREADS = [1, 2];
const NVIEWS = 61;
const angles = Array.from({ length: NVIEWS }, (_, i) => -60 + 2 * i);
// an aligned series (tilt axis = y): the usual WBP input, and the projector's fast path
const aligned = geometryFromTilts(angles);
// an aligned series with an x-axis tilt: v constant along x but moving with z, the x-tilted fast path
const xTilted = geometryFromTilts(angles, { xTiltDeg: 1.5 });
// raw frames with an axis rotation (and an x-axis tilt): the general bilinear path
const general = geometryFromTilts(angles, { axisRotationDeg: 84.3, xTiltDeg: 1.5 });

interface Timing {
  wallS: number;
  /** CPU seconds of the whole process, worker threads included (getrusage): robust to a busy machine */
  cpuS: number;
}

async function time(run: () => Promise<unknown>): Promise<Timing> {
  const c = process.cpuUsage();
  const t = performance.now();
  await run();
  const d = process.cpuUsage(c);
  return { wallS: (performance.now() - t) / 1000, cpuS: (d.user + d.system) / 1e6 };
}

async function measure(
  g: TiltGeometry,
  c: Case,
  threads: number,
  proj: Float32Array,
  forward: boolean,
): Promise<{ back: Timing; forward?: Timing }> {
  const vol = { nx: c.n, ny: c.n, nz: c.nz };
  const p = createCpuProjector(g, vol, undefined, { threads });
  try {
    await p.back(proj, undefined, [0]); // starts the threads and warms the JIT (1/61 of the work)
    const out = new Float32Array(c.n * c.n * c.nz);
    const back = await time(() => p.back(proj, out));
    return { back, forward: forward ? await time(() => p.forward(out)) : undefined };
  } finally {
    p.dispose();
  }
}

export async function benchBackproject(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const c of CASES) {
    const proj = Float32Array.from({ length: c.n * c.n * NVIEWS }, (_, i) => ((i * 7919) % 1009) / 1009);
    const updates = c.n * c.n * c.nz * NVIEWS;
    const gvu = (s: number): number => Number((updates / s / 1e9).toFixed(3));
    const variants: [string, TiltGeometry][] = [['aligned', aligned]];
    if (c.extras) {
      variants.push(['x-tilt 1.5° (x-tilted fast path)', xTilted]);
      variants.push(['rotated 84.3° + x-tilt 1.5° (general path)', general]);
    }
    for (const [label, g] of variants) {
      for (const threads of THREADS) {
        const { back, forward } = await measure(g, c, threads, proj, c.extras);
        results.push({
          name: `CPU backproject ${c.n}²×${NVIEWS} → ${c.n}×${c.n}×${c.nz}, ${label}, ${threads} thread${threads > 1 ? 's' : ''}`,
          command: `npm run bench -- --only backproject`,
          seconds: back.wallS,
          details: {
            back_GVU_per_s: gvu(back.wallS),
            back_GVU_per_cpu_s: gvu(back.cpuS),
            ...(forward ? { forward_s: forward.wallS, forward_GVU_per_s: gvu(forward.wallS) } : {}),
            voxel_updates: updates,
            threads,
            arrays: threads > 1 ? 'plain (slab windows cloned to threads)' : 'plain (in place)',
            // the 2-thread figure needs both cores: other work on the machine shows up here
            load_avg_1m: Number(loadavg()[0].toFixed(2)),
          },
        });
        console.error(
          `bench backproject: ${results[results.length - 1].name}: ${gvu(back.wallS)} GVU/s, ` +
            `${gvu(back.cpuS)} GVU per CPU-second`,
        );
      }
    }
  }
  return results;
}
