import { describe, expect, it } from 'vitest';
import { psnr } from '../../core/metrics/index.ts';
import { correlation, phantomProblem, rangeGeometry } from '../algorithms/testUtils.ts';
import { sirt } from '../algorithms/sirt.ts';
import { wbp } from '../algorithms/wbp.ts';
import type { Projector } from '../projector.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { cnMemoryBytes, cnReconstruct, evaluateNetworks, fastPlan, paperPlan, type CnOptions } from './cn.ts';
import { decodeNetworks, encodeNetworks } from './networkFile.ts';
import { SirenNet } from './sirenNet.ts';
import { initialParams } from './sirenSpec.ts';
import { ThreadedSiren } from './threadedSiren.ts';

const dims = { nx: 32, ny: 4, nz: 24 };
const geometry = rangeGeometry(-60, 60, 41);
const small: CnOptions = {
  mode: 'fast',
  width: 32,
  depth: 2,
  iterations: 300,
  learningRate: 1e-3,
  batchRows: 2,
};

async function problem() {
  return phantomProblem('shepp', dims, geometry, 60, 'joseph');
}

function fit(projections: Float32Array, opts: CnOptions, wrap: (p: Projector) => Projector = (p) => p) {
  return cnReconstruct(
    async (rows) =>
      wrap(createReferenceProjector(geometry, { ...dims, ny: rows }, { nu: dims.nx, nv: rows })),
    projections,
    { ...dims, nu: dims.nx, nviews: geometry.views.length },
    opts,
  );
}

/** Rows each plan writes, in order; every row of the volume exactly once (discarded fits write none). */
function writtenRows(plans: ReturnType<typeof paperPlan>): number[] {
  return plans
    .filter((p) => !p.discard)
    .flatMap((p) => Array.from({ length: p.writes[1] - p.writes[0] }, (_, i) => p.writes[0] + i));
}

describe('coordinate-network plans', () => {
  it("paper: WUCON's order — the middle slab from scratch (discarded), mid−2 from it, the middle again, up, then down", () => {
    const plans = paperPlan(8, 2001, 401, 1e-3);
    expect(plans.map((p) => [p.slab[0], p.from, p.steps, p.lr])).toEqual([
      [4, -1, 2001, 1e-3],
      [2, 0, 401, 1e-4],
      [4, 1, 401, 1e-4],
      [6, 2, 401, 1e-4],
      [0, 1, 401, 1e-4],
    ]);
    expect(plans[0].discard).toBe(true);
    for (const ny of [2, 3, 4, 5, 6, 7, 8, 9, 64, 65]) {
      const plans = paperPlan(ny, 10, 5, 1e-3);
      expect(writtenRows(plans).sort((a, b) => a - b)).toEqual(Array.from({ length: ny }, (_, i) => i));
      // every slab has the 2 rows a projector needs (3 where an edge row joins it)
      for (const p of plans) expect(p.slab[1] - p.slab[0]).toBeGreaterThanOrEqual(2);
      for (const p of plans) expect(p.slab[1] - p.slab[0]).toBeLessThanOrEqual(3);
    }
  });

  it('fast: slabs cover every row once, middle first, each warm-started from its inner neighbour', () => {
    for (const [ny, rows] of [
      [3, 2],
      [7, 2],
      [5, 30],
    ])
      for (const p of fastPlan(ny, rows, 10, 5, 1e-3))
        expect(p.slab[1] - p.slab[0]).toBeGreaterThanOrEqual(2);
    const plans = fastPlan(100, 30, 2000, 800, 1e-3);
    expect(writtenRows(plans).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(plans[0].from).toBe(-1);
    for (const p of plans.slice(1)) {
      const inner = plans[p.from];
      expect(Math.min(Math.abs(inner.slab[1] - p.slab[0]), Math.abs(p.slab[1] - inner.slab[0]))).toBe(0);
    }
  });
});

describe('cnReconstruct', () => {
  it('fills the wedge: a small fast-mode fit beats WBP and SIRT in PSNR on Shepp–Logan at ±60°', async () => {
    const { truth, projector, projections } = await problem();
    const score = (v: Float32Array) => psnr({ ...dims, data: truth }, { ...dims, data: v });
    const r = await fit(projections, small);
    const pW = score(await wbp(projector, projections));
    const pS = score((await sirt(projector, projections, { iterations: 20 })).volume);
    const pC = score(r.volume);
    console.log(`PSNR dB: WBP ${pW.toFixed(2)}, SIRT ${pS.toFixed(2)}, CN ${pC.toFixed(2)}`);
    // measured: WBP 25.73, SIRT 26.34, CN 28.73
    expect(pC).toBeGreaterThan(pS + 1);
    expect(pC).toBeGreaterThan(pW + 1);
    expect(r.lossCurve).toHaveLength(300);
    expect(r.lossCurve.at(-1)!).toBeLessThan(r.lossCurve[0] / 5);
  }, 30000);

  it('is deterministic for a seed (and a thread count); another seed gives another fit', async () => {
    const { projections } = await problem();
    const opts = { ...small, iterations: 40 };
    const a = await fit(projections, opts);
    const b = await fit(projections, opts);
    const c = await fit(projections, { ...opts, seed: 1 });
    expect(b.volume).toEqual(a.volume);
    expect(c.volume).not.toEqual(a.volume);
  });

  it('a non-finite loss stops the fit with one line and keeps the last good state', async () => {
    const { projections } = await problem();
    let calls = 0;
    // a projector that starts returning NaN (a faulty device) after 30 forward projections
    const faulty = (p: Projector): Projector =>
      new Proxy(p, {
        get(t, name) {
          if (name === 'forward')
            return async (...args: Parameters<Projector['forward']>) => {
              const out = await t.forward(...args);
              if (++calls > 30) out.fill(NaN);
              return out;
            };
          const v = Reflect.get(t, name, t) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
        },
      });
    const r = await fit(projections, small, faulty);
    expect(r.diverged).toMatch(
      /^cn: the fit diverged \(loss NaN\) at step 31, .*kept the network of step 1.*--cn-lr/,
    );
    expect(r.diverged).not.toContain('\n');
    expect(r.steps).toBe(30);
    expect(r.volume.every(Number.isFinite)).toBe(true);
    expect(r.networks[0].params.every(Number.isFinite)).toBe(true);
  });

  it('a saved network round-trips through its file, continues training, and evaluates 2× finer', async () => {
    const { truth, projections } = await problem();
    const r = await fit(projections, small);
    const bytes = encodeNetworks({ networks: r.networks, dims, scale: r.scale, mode: 'fast' });
    const f = decodeNetworks(bytes, 'n.wlcn');
    expect(f.networks[0].params).toEqual(r.networks[0].params);
    expect(f.dims).toEqual(dims);
    expect(bytes.length).toBeLessThan(4 * r.networks[0].params.length + 1000);
    // factor 1 reproduces the volume; factor 2 has 8× the voxels, and averaged back over 2×2×2 it is the
    // volume again (measured 0.92: between voxels the network is only constrained by its smoothness)
    expect(maxAbs(await evaluateNetworks(f.networks, dims, f.scale, 1), r.volume)).toBeLessThan(1e-6);
    const up = await evaluateNetworks(f.networks, dims, f.scale, 2);
    expect(up.length).toBe(8 * r.volume.length);
    expect(correlation(blockMean2(up, dims), r.volume)).toBeGreaterThan(0.85);
    // a long evaluation reports its progress plane by plane and stops when its signal is raised
    const seen: number[] = [];
    const stop = { aborted: false };
    const stopped = evaluateNetworks(f.networks, dims, f.scale, 2, {
      signal: stop,
      onProgress: (x) => {
        seen.push(x);
        if (seen.length === 3) stop.aborted = true;
      },
    });
    await expect(stopped).rejects.toThrow(/^evaluating the network: cancelled$/);
    expect(seen).toEqual([1, 2, 3].map((i) => i / (2 * dims.nz * f.networks.length)));
    // continuing from the saved network: its first loss is the end of the first fit, not a fresh start
    const more = await fit(projections, { ...small, iterations: 20, initialNetworks: f.networks });
    expect(more.lossCurve[0]).toBeLessThan(r.lossCurve[0] / 3);
    expect(() => decodeNetworks(new Uint8Array([1, 2, 3]), 'x.wlcn')).toThrow(/^x.wlcn: not a network file/);
    void truth;
  }, 30000);
});

describe('cnMemoryBytes', () => {
  it("covers the network's real allocation for a block, and not by more than ~30%", () => {
    const dims = { nx: 64, ny: 64, nz: 64 };
    const opts: CnOptions = { mode: 'fast', width: 128, depth: 3 };
    const est = cnMemoryBytes(opts, dims, 61);
    // fast mode's block: 8192 / (64 · 64) = 2 rows of 64 × 64
    const net = new SirenNet(
      { width: 128, depth: 3, omega0: 30 },
      initialParams({ width: 128, depth: 3, omega0: 30 }, 0),
      2 * 64 * 64,
    );
    expect(est).toBeGreaterThanOrEqual(net.memoryBytes);
    expect(est).toBeLessThan(1.3 * net.memoryBytes);
  });
});

describe('ThreadedSiren', () => {
  it('two threads give the one-thread gradients (sums in another order)', async () => {
    const spec = { width: 16, depth: 2, omega0: 30 };
    const p = initialParams(spec, 5);
    const M = 101;
    const pts = Float32Array.from({ length: 3 * M }, (_, i) => (i * 0.37) % 1);
    const g = Float32Array.from({ length: M }, (_, i) => Math.sin(i));
    const one = new SirenNet(spec, p, M);
    const y1 = one.forward(pts).slice();
    one.backward(g);
    const two = await ThreadedSiren.create(spec, p, M, 2);
    try {
      const y2 = await two.forward(pts);
      await two.backward(g);
      expect(maxAbs(y2, y1)).toBeLessThan(1e-6);
      two.adam(1e-3);
      one.adam(1e-3);
      expect(maxAbs(two.params(), one.params())).toBeLessThan(1e-6);
    } finally {
      two.dispose?.();
    }
  });
});

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A 2×-upsampled volume averaged back over 2 × 2 × 2 blocks. */
function blockMean2(up: Float32Array, d: { nx: number; ny: number; nz: number }): Float32Array {
  const out = new Float32Array(d.nx * d.ny * d.nz);
  for (let z = 0; z < 2 * d.nz; z++)
    for (let y = 0; y < 2 * d.ny; y++)
      for (let x = 0; x < 2 * d.nx; x++)
        out[(x >> 1) + d.nx * ((y >> 1) + d.ny * (z >> 1))] += up[x + 2 * d.nx * (y + 2 * d.ny * z)] / 8;
  return out;
}
