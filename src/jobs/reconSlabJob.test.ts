// The browser's slab job, with an in-memory stand-in for the OPFS sync access handle: tiny slabs give
// writeMrc's bytes of the in-memory reconstruction; cancel and failure leave no file; quota is checked.
import { describe, expect, it } from 'vitest';
import { bytesSource, openMrc, writeMrc } from '../io/mrc/index.ts';
import { alignedGeometry, alignView, reconstruct } from '../recon/algorithms/index.ts';
import { createReferenceProjector } from '../recon/reference/index.ts';
import { extractOrthoSlices } from './orthoSlices.ts';
import type { SlabStorage, SyncFile } from './opfs.ts';
import { runSlabJob } from './reconSlabJob.ts';
import { planReconJob } from './reconSlabPlan.ts';
import { reconParams } from './reconRequest.ts';
import type { ReconstructJobRequest } from './reconTypes.ts';

/** FileSystemSyncAccessHandle over a growable Uint8Array. */
class MemoryFile implements SyncFile {
  private bytes = new Uint8Array(0);
  private size = 0;
  closed = false;
  private grow(n: number): void {
    if (n <= this.bytes.length) return;
    const b = new Uint8Array(Math.max(n, 2 * this.bytes.length));
    b.set(this.bytes);
    this.bytes = b;
  }
  write(buf: Uint8Array, { at }: { at: number }): number {
    if (this.closed) throw new Error('closed');
    this.grow(at + buf.length);
    this.bytes.set(buf, at);
    this.size = Math.max(this.size, at + buf.length);
    return buf.length;
  }
  read(buf: Uint8Array, { at }: { at: number }): number {
    const n = Math.max(0, Math.min(buf.length, this.size - at));
    buf.set(this.bytes.subarray(at, at + n));
    return n;
  }
  truncate(n: number): void {
    this.grow(n);
    if (n < this.size) this.bytes.fill(0, n, this.size);
    this.size = n;
  }
  getSize(): number {
    return this.size;
  }
  flush(): void {}
  close(): void {
    this.closed = true;
  }
  contents(): Uint8Array {
    return this.bytes.slice(0, this.size);
  }
}

class MemoryStorage implements SlabStorage {
  readonly files = new Map<string, MemoryFile>();
  opened: string[] = [];
  constructor(private readonly free: number | null = null) {}
  async open(name: string): Promise<SyncFile> {
    const f = new MemoryFile();
    this.files.set(name, f);
    this.opened.push(name);
    return f;
  }
  async remove(name: string): Promise<void> {
    this.files.delete(name);
  }
  async freeBytes(): Promise<number | null> {
    return this.free;
  }
}

/** Storage that also reports earlier results' bytes, as opfsStorage() does. */
class StorageWithResults extends MemoryStorage {
  constructor(
    free: number,
    private readonly stored: number,
  ) {
    super(free);
  }
  async storedBytes(): Promise<number> {
    return this.stored;
  }
}

const nu = 24;
const nv = 11;
const anglesDeg = [-60, -45, -30, -15, 0, 15, 30, 45, 60];
const nviews = anglesDeg.length;
const date = new Date('2024-01-01T00:00:00Z');
const program = 'wedgelab test';

function series(): Float32Array {
  const data = new Float32Array(nu * nv * nviews);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.011);
  return data;
}

async function stackFile(data: Float32Array) {
  const bytes = writeMrc(
    { nx: nu, ny: nv, nz: nviews, data, voxelSizeA: [2.5, 2.5, 2.5] },
    { mode: 2, program: 'stack', date },
  );
  return openMrc(bytesSource(bytes, 's.mrc'));
}

const device = { createProjector: createReferenceProjector, label: 'cpu-reference (1 thread)' };

function request(extra: Partial<ReconstructJobRequest>): Omit<ReconstructJobRequest, 'source'> {
  return { method: 'wbp', thickness: 8, iterations: 3, ...extra };
}

describe('runSlabJob', () => {
  it.each([
    ['wbp', 1],
    ['sirt', 1],
    ['wbp', 2],
  ] as const)('%s, bin %i: 2-row slabs give writeMrc bytes of the in-memory volume', async (method, bin) => {
    const data = series();
    const req = request({ method, bin, excludeViews: [3] });
    const params = reconParams({ anglesDeg }, req, 's.mrc');
    const storage = new MemoryStorage();
    const out = await runSlabJob(await stackFile(data), storage, device, {
      params,
      pixelSizeA: 2.5,
      slabRows: 2,
      fileName: 'wedgelab-out.mrc',
      program,
      date,
      previewAt: { x: 5, y: 3, z: 0 },
    });
    expect(out.slabs).toBeGreaterThanOrEqual(2);
    const whole = await reconstruct({
      ...params,
      data,
      nu,
      nv,
      nviews,
      pixelSizeA: 2.5,
      createProjector: createReferenceProjector,
    });
    const expected = writeMrc(whole.volume, { mode: 2, program, date });
    const file = storage.files.get('wedgelab-out.mrc');
    expect(file?.closed).toBe(true);
    expect(out.fileBytes).toBe(expected.length);
    expect(Buffer.from(file?.contents() ?? []).equals(Buffer.from(expected))).toBe(true);
    // the slices built slab by slab are those of the whole volume at (x, y, nz/2)
    const at = { x: 5, y: 3, z: Math.floor(whole.volume.nz / 2) };
    const ref = extractOrthoSlices(whole.volume, at);
    expect(out.slices.position).toEqual(ref.position);
    for (const k of ['xy', 'xz', 'yz'] as const) expect(out.slices[k].data).toEqual(ref[k].data);
  });

  it('axis rotated by 180°: the aligned-stack prepass runs through a temporary file, deleted after', async () => {
    const data = series();
    const req = request({ method: 'wbp', importOptions: { axisRotated180: true } });
    const params = reconParams({ anglesDeg }, req, 's.mrc');
    const storage = new MemoryStorage();
    await runSlabJob(await stackFile(data), storage, device, {
      params,
      pixelSizeA: 2.5,
      slabRows: 3,
      fileName: 'wedgelab-rot.mrc',
      program,
      date,
    });
    expect(storage.opened).toEqual(['wedgelab-rot.mrc', 'wedgelab-rot.mrc.aligned.tmp']);
    expect([...storage.files.keys()]).toEqual(['wedgelab-rot.mrc']);
    // the same as the in-memory reconstruction of the aligned stack (IMOD's .ali), byte for byte
    const plane = nu * nv;
    const aligned = new Float32Array(data.length);
    params.geometry.views.forEach((v, k) =>
      alignView(
        data.subarray(k * plane, (k + 1) * plane),
        { nu, nv },
        v,
        aligned.subarray(k * plane, (k + 1) * plane),
      ),
    );
    const whole = await reconstruct({
      ...params,
      geometry: alignedGeometry(params.geometry),
      data: aligned,
      nu,
      nv,
      nviews,
      pixelSizeA: 2.5,
      createProjector: createReferenceProjector,
    });
    const expected = writeMrc(whole.volume, { mode: 2, program, date });
    const got = storage.files.get('wedgelab-rot.mrc')?.contents() ?? new Uint8Array(0);
    expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
  });

  it('cancel within a slab deletes the output file', async () => {
    const ac = new AbortController();
    const storage = new MemoryStorage();
    const run = runSlabJob(await stackFile(series()), storage, device, {
      params: reconParams({ anglesDeg }, request({ method: 'sirt', iterations: 4 }), 's.mrc'),
      pixelSizeA: 2.5,
      slabRows: 3,
      fileName: 'wedgelab-c.mrc',
      program,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.stage.startsWith('slab 2/')) ac.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(storage.opened).toEqual(['wedgelab-c.mrc']);
    expect(storage.files.size).toBe(0);
  });

  it('refuses in one line when browser storage cannot hold the output', async () => {
    const storage = new MemoryStorage(1000);
    const run = runSlabJob(await stackFile(series()), storage, device, {
      params: reconParams({ anglesDeg }, request({}), 's.mrc'),
      pixelSizeA: 2.5,
      slabRows: 3,
      fileName: 'wedgelab-q.mrc',
      program,
    });
    await expect(run).rejects.toThrow(/browser storage has 0\.0 MB free and this 24×11×8 tomogram needs/);
    expect(storage.opened).toEqual([]);
  });

  it('says when earlier results fill browser storage, in the same line', async () => {
    const storage = new StorageWithResults(1000, 8.4e9);
    const run = runSlabJob(await stackFile(series()), storage, device, {
      params: reconParams({ anglesDeg }, request({}), 's.mrc'),
      pixelSizeA: 2.5,
      slabRows: 3,
      fileName: 'wedgelab-r.mrc',
      program,
    });
    await expect(run).rejects.toThrow(
      /^browser storage has 0\.0 MB free and this 24×11×8 tomogram needs [\d.]+ MB, and earlier WedgeLab results hold 8\.4 GB there: Dismiss the last result \(Download it first to keep it\) or clear this site's data, or use a larger bin$/,
    );
    expect(storage.opened).toEqual([]);
  });
});

describe('planReconJob', () => {
  const big = {
    nu: 2048,
    nv: 2048,
    nviews: 61,
    anglesDeg: Array.from({ length: 61 }, (_, i) => -60 + 2 * i),
  };
  it('runs a 2k × 2k × 500 WBP in slabs in a 2 GiB tab, and says how', () => {
    const plan = planReconJob(big, { method: 'wbp', thickness: 500 }, 2 * 2 ** 30);
    expect(plan.mode).toBe('slabs');
    if (plan.mode !== 'slabs') return;
    expect(plan.peakBytes).toBeLessThanOrEqual(2 * 2 ** 30);
    expect(plan.outputBytes).toBe(1024 + 4 * 2048 * 2048 * 500);
    expect(plan.summary).toMatch(
      /^slab mode: \d+ slabs of \d+ rows, peak ≈ \d\.\d GB, output 8\.4 GB to browser storage$/,
    );
  });
  it('refuses TV with what would run, and keeps small jobs whole', () => {
    const tv = planReconJob(big, { method: 'tv', thickness: 500 }, 2 * 2 ** 30);
    expect(tv.mode === 'refused' && tv.message).toMatch(/TV cannot run in slabs .*use WBP, SIRT or SART/);
    expect(planReconJob({ ...big, nu: 64, nv: 64 }, { method: 'sirt', thickness: 32 }, 2 ** 30).mode).toBe(
      'whole',
    );
  });
});
