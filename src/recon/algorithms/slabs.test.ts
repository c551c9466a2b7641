// Slab reconstruction equals the in-memory one (WBP, SIRT), directly or via the aligned-stack prepass.
import { describe, expect, it } from 'vitest';
import { WedgeLabError } from '../../core/errors.ts';
import type { TiltGeometry, VolumeDims } from '../../core/geometry/index.ts';
import { createCpuProjector } from '../cpu/index.ts';
import { threadStarts } from '../cpu/pool.ts';
import type { Projector } from '../projector.ts';
import { createReferenceProjector } from '../reference/index.ts';
import { reusableScratch } from './hooks.ts';
import { reconstruct, type ReconMethod } from './reconstruct.ts';
import { alignedGeometry, alignView, slabCoupling } from './slabGeometry.ts';
import { memoryRowSource, reconstructInSlabs, slabRefusal, type RowSource } from './slabs.ts';
import { correlation, maxRelDiff, phantomProblem, rangeGeometry } from './testUtils.ts';

const dims: VolumeDims = { nx: 32, ny: 20, nz: 12 };
const factory = createReferenceProjector;

function withViews(g: TiltGeometry, f: (k: number) => object): TiltGeometry {
  return { views: g.views.map((v, k) => ({ ...v, ...f(k) })) };
}

/** Runs slab mode and assembles the slabs into one volume. */
async function slabbed(
  source: RowSource,
  geometry: TiltGeometry,
  method: ReconMethod,
  slabRows: number,
  bin = 1,
  more: Partial<Parameters<typeof reconstructInSlabs>[0]> = {},
) {
  const ny = Math.floor(source.nv / bin);
  let out: Float32Array | undefined;
  const r = await reconstructInSlabs({
    source,
    geometry,
    method,
    thickness: dims.nz,
    bin,
    iterations: 3,
    createProjector: factory,
    slabRows,
    onSlab: ({ y0, y1, nx, nz, data }) => {
      out ??= new Float32Array(nx * ny * nz);
      const h = y1 - y0;
      for (let z = 0; z < nz; z++) out.set(data.subarray(nx * h * z, nx * h * (z + 1)), nx * (y0 + ny * z));
    },
    ...more,
  });
  return { r, data: out ?? new Float32Array(0) };
}

describe('reconstructInSlabs', () => {
  const shifted = withViews(rangeGeometry(-60, 60, 13), (k) => ({ shiftXPx: (k % 3) - 1.3 }));

  it.each([
    ['wbp', 1],
    ['sirt', 1],
    ['sart', 2],
  ] as const)(
    '%s, bin %i: slabs of 3 rows equal the whole volume (x-shifts keep rows apart)',
    async (method, bin) => {
      expect(slabCoupling(shifted)).toBe('none');
      const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
      const req = {
        geometry: shifted,
        method,
        thickness: dims.nz,
        bin,
        iterations: 3,
        createProjector: factory,
      };
      const full = await reconstruct({ ...req, data: projections, nu: dims.nx, nv: dims.ny, nviews: 13 });
      const s = await slabbed(memoryRowSource(projections, dims.nx, dims.ny, 13), shifted, method, 3, bin);
      expect(s.r.slabs).toBe(bin === 1 ? 7 : 3); // a 1-row remainder joins the last slab
      expect(maxRelDiff(s.data, full.volume.data)).toBeLessThan(1e-5);
      if (method !== 'wbp') {
        expect(s.r.residuals).toHaveLength(3);
        s.r.residuals.forEach((x, i) => expect(x).toBeCloseTo(full.residuals[i], 5));
      }
    },
  );

  it.each([
    ['sirt', 2],
    ['wbp', 3],
  ] as const)('%s, bin %i of 23 rows (rows left over): slabs equal the whole volume', async (method, bin) => {
    const odd: VolumeDims = { nx: 33, ny: 23, nz: dims.nz };
    const { projections } = await phantomProblem('shapes', odd, shifted, 60, 'joseph');
    const req = {
      geometry: shifted,
      method,
      thickness: dims.nz,
      bin,
      iterations: 3,
      createProjector: factory,
    };
    const full = await reconstruct({ ...req, data: projections, nu: odd.nx, nv: odd.ny, nviews: 13 });
    const s = await slabbed(memoryRowSource(projections, odd.nx, odd.ny, 13), shifted, method, 3, bin);
    expect(full.volume.ny).toBe(Math.floor(23 / bin));
    expect(maxRelDiff(s.data, full.volume.data)).toBeLessThan(1e-5);
  });

  it('axis rotation + y-shifts: the aligned-stack prepass makes slabs exact, and close to the raw geometry', async () => {
    const raw = withViews(rangeGeometry(-60, 60, 13), (k) => ({
      axisRotationDeg: 4,
      shiftXPx: 0.7 * (k % 3),
      shiftYPx: (k % 4) - 1.5,
    }));
    expect(slabCoupling(raw)).toBe('in-plane');
    const { projections } = await phantomProblem('shapes', dims, raw, 60, 'joseph');
    const det = { nu: dims.nx, nv: dims.ny };
    const plane = det.nu * det.nv;
    const aligned = new Float32Array(projections.length);
    raw.views.forEach((v, k) =>
      alignView(
        projections.subarray(k * plane, (k + 1) * plane),
        det,
        v,
        aligned.subarray(k * plane, (k + 1) * plane),
      ),
    );
    const ali = alignedGeometry(raw);
    for (const method of ['wbp', 'sirt'] as const) {
      const req = {
        method,
        thickness: dims.nz,
        iterations: 3,
        createProjector: factory,
        nu: dims.nx,
        nv: dims.ny,
        nviews: 13,
      };
      const inMemory = await reconstruct({ ...req, geometry: ali, data: aligned });
      const s = await slabbed(memoryRowSource(aligned, dims.nx, dims.ny, 13), ali, method, 4);
      expect(maxRelDiff(s.data, inMemory.volume.data)).toBeLessThan(1e-5);
      const original = await reconstruct({ ...req, geometry: raw, data: projections });
      const inner = (i: number) => {
        const x = i % dims.nx;
        const y = Math.floor(i / dims.nx) % dims.ny;
        return x > 3 && x < dims.nx - 4 && y > 2 && y < dims.ny - 3;
      };
      expect(correlation(s.data, original.volume.data, inner)).toBeGreaterThan(0.95);
    }
  });

  it('cancels between and within slabs', async () => {
    const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
    const ac = new AbortController();
    let slabs = 0;
    const run = reconstructInSlabs({
      source: memoryRowSource(projections, dims.nx, dims.ny, 13),
      geometry: shifted,
      method: 'sirt',
      iterations: 3,
      thickness: dims.nz,
      createProjector: factory,
      slabRows: 4,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.stage.startsWith('slab 2/') && p.fraction > 0.25) ac.abort();
      },
      onSlab: () => {
        slabs++;
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(slabs).toBe(1);
  });

  /** A factory that counts the projectors it makes and disposes; `lose` makes them fail like a lost GPU. */
  function tracked(device = 'fake-gpu') {
    const t = { made: 0, disposed: 0, lose: false };
    const make = (g: TiltGeometry, v: VolumeDims, d: { nu: number; nv: number }): Projector => {
      t.made++;
      const p = createReferenceProjector(g, v, d);
      const lost = () => Promise.reject(new WedgeLabError('gpu-lost', 'the device was lost'));
      return {
        volumeDims: p.volumeDims,
        detectorDims: p.detectorDims,
        geometry: p.geometry,
        nviews: p.nviews,
        device,
        forward: (...a) => (t.lose ? lost() : p.forward(...a)),
        back: (...a) => (t.lose ? lost() : p.back(...a)),
        dispose: () => void t.disposed++,
      };
    };
    return { t, make };
  }

  it('keeps one projector per slab size for the whole job and disposes each once', async () => {
    const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
    const source = memoryRowSource(projections, dims.nx, dims.ny, 13);
    const want = await slabbed(source, shifted, 'sirt', 3);
    const { t, make } = tracked('cpu-reference');
    const got = await slabbed(source, shifted, 'sirt', 3, 1, { createProjector: make });
    expect(got.r.slabs).toBe(7); // six of 3 rows and one of 2
    expect(t.made).toBe(2);
    expect(t.disposed).toBe(2);
    expect(maxRelDiff(got.data, want.data)).toBe(0);
    // on error and on cancel too
    const failing = tracked();
    const onSlab = () => {
      throw new Error('disk full');
    };
    await expect(
      slabbed(source, shifted, 'wbp', 3, 1, { createProjector: failing.make, onSlab }),
    ).rejects.toThrow('disk full');
    expect([failing.t.made, failing.t.disposed]).toEqual([1, 1]);
    const cancelled = tracked();
    const ac = new AbortController();
    await expect(
      slabbed(source, shifted, 'wbp', 3, 1, {
        createProjector: cancelled.make,
        signal: ac.signal,
        onProgress: (p) => p.stage.startsWith('slab 3/') && ac.abort(),
      }),
    ).rejects.toThrow(/cancelled/);
    expect([cancelled.t.made, cancelled.t.disposed]).toEqual([1, 1]);
  });

  it('the CPU projector starts its threads once per job, the shorter last slab included', async () => {
    const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
    const source = memoryRowSource(projections, dims.nx, dims.ny, 13);
    const want = await slabbed(source, shifted, 'sirt', 3);
    const made: Projector[] = [];
    const cpu = (g: TiltGeometry, v: VolumeDims, d: { nu: number; nv: number }) => {
      const p = createCpuProjector(g, v, d, { threads: 2 });
      made.push(p);
      return p;
    };
    // the first job may take threads parked by an earlier test: count from the second
    await slabbed(source, shifted, 'sirt', 3, 1, { createProjector: cpu });
    const before = threadStarts();
    made.length = 0;
    const got = await slabbed(source, shifted, 'sirt', 3, 1, { createProjector: cpu });
    expect(made).toHaveLength(2); // 3 rows, then 2
    expect(threadStarts()).toBe(before);
    expect(maxRelDiff(got.data, want.data)).toBeLessThan(1e-4);
  });

  it.each(['sirt', 'sart'] as const)(
    '%s: every slab works in the same reused arrays (zeroed for each slab)',
    async (method) => {
      const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
      const source = memoryRowSource(projections, dims.nx, dims.ny, 13);
      const buffers = new Set<ArrayBufferLike>();
      let slabs = 0;
      await slabbed(source, shifted, method, 3, 1, {
        onSlab: (slab) => {
          buffers.add(slab.data.buffer);
          slabs++;
        },
      });
      expect(slabs).toBeGreaterThan(2);
      expect(buffers.size).toBe(1);
      // a reused buffer comes back zeroed, and grows when a longer one is asked for
      const scratch = reusableScratch();
      scratch.take('x', 4).fill(7);
      expect([...scratch.take('x', 3)]).toEqual([0, 0, 0]);
      expect(scratch.take('x', 6)).toHaveLength(6);
    },
  );

  it('WBP: the slabs reuse one volume array (the last, shorter slab a view of it)', async () => {
    const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
    const source = memoryRowSource(projections, dims.nx, dims.ny, 13);
    const one = (g: TiltGeometry, v: VolumeDims, d: { nu: number; nv: number }) =>
      createCpuProjector(g, v, d, { threads: 1 });
    const want = await slabbed(source, shifted, 'wbp', 3, 1, { createProjector: one });
    const volumes = new Set<ArrayBufferLike>();
    const two = (g: TiltGeometry, v: VolumeDims, d: { nu: number; nv: number }): Projector => {
      const p = createCpuProjector(g, v, d, { threads: 2 });
      return Object.assign(Object.create(p) as Projector, {
        back: (b: Float32Array, out?: Float32Array, ...rest: [undefined, undefined]) => {
          if (out) volumes.add(out.buffer);
          return p.back(b, out, ...rest);
        },
      });
    };
    const slabs: number[] = [];
    const got = await slabbed(source, shifted, 'wbp', 3, 1, {
      createProjector: two,
      onSlab: (slab) => void slabs.push(slab.data.length),
    });
    expect(got.r.slabs).toBe(7);
    expect(volumes.size).toBe(1);
    expect([...volumes][0].byteLength).toBe(4 * dims.nx * 3 * dims.nz);
    expect(slabs.at(-1)).toBe(dims.nx * 2 * dims.nz);
    // threads (cloned windows and slabs) give the same bytes as one thread
    const again = await slabbed(source, shifted, 'wbp', 3, 1, { createProjector: two });
    expect(maxRelDiff(again.data, want.data)).toBe(0);
  });

  it('after a GPU loss the remaining slabs run on one kept fallback, with one report', async () => {
    const { projections } = await phantomProblem('shapes', dims, shifted, 60, 'joseph');
    const source = memoryRowSource(projections, dims.nx, dims.ny, 13);
    const want = await slabbed(source, shifted, 'sirt', 3);
    const gpu = tracked();
    const cpu = tracked('cpu');
    const reports: string[] = [];
    let slabs = 0;
    const got = await reconstructInSlabs({
      source,
      geometry: shifted,
      method: 'sirt',
      thickness: dims.nz,
      iterations: 3,
      slabRows: 3,
      createProjector: gpu.make,
      createFallbackProjector: cpu.make,
      onDeviceFallback: (e) => reports.push(e.message),
      onProgress: (p) => {
        if (p.stage.startsWith('slab 2/') && p.iteration === 2) gpu.t.lose = true;
      },
      onSlab: () => void slabs++,
    });
    expect(slabs).toBe(7);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/GPU lost after iteration/);
    expect(got.device).toBe('cpu');
    expect(gpu.t).toMatchObject({ made: 1, disposed: 1 });
    expect(cpu.t).toMatchObject({ made: 2, disposed: 2 }); // one per slab size
    expect(got.residuals).toHaveLength(3);
    got.residuals.forEach((x, i) => expect(x).toBeCloseTo(want.r.residuals[i], 5));
  });

  it('refuses TV, x-axis tilt and tolerances with a reason', () => {
    const g = rangeGeometry(-60, 60, 5);
    expect(slabRefusal('tv', g)).toMatch(/wbp\/sirt\/sart only/);
    expect(slabRefusal('wbp', g, { xTiltDeg: 3 })).toMatch(/x-axis tilt/);
    expect(slabRefusal('sirt', g, { tolerance: 1e-3 })).toMatch(/tolerance/);
    expect(slabRefusal('wbp', g)).toBeNull();
  });
});
