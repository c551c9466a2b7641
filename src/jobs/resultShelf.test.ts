import { describe, expect, it } from 'vitest';
import { createResultShelf, memoryShelfStorage, newResultKey, type KeptRecord } from './resultShelf.ts';

const record = (key: string, createdAt: number): KeptRecord => ({
  key,
  createdAt,
  dataset: 'TS.mrc',
  method: 'wbp',
  params: 'radial',
  seconds: 1,
  dims: { nx: 2, ny: 2, nz: 1 },
  window: { lo: 0, hi: 1 },
  bytes: 0,
  metrics: null,
  recipe: { wedgelab: 1 },
  summary: {},
});

describe('resultShelf', () => {
  it('keeps each result with its size, lists the newest first and gives back the same bytes', async () => {
    const shelf = createResultShelf(memoryShelfStorage());
    const a = await shelf.put(record('ra', 1), new Uint8Array([1, 2, 3]));
    await shelf.put(record('rb', 2), new Uint8Array(5));
    expect(a.bytes).toBe(3);
    const list = await shelf.list();
    expect(list.map((r) => [r.key, r.bytes])).toEqual([
      ['rb', 5],
      ['ra', 3],
    ]);
    expect([...new Uint8Array(await (await shelf.mrc('ra')).arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('deletes a volume whose record was never written, and a record whose volume is gone', async () => {
    const storage = memoryShelfStorage();
    const shelf = createResultShelf(storage);
    await storage.write('rhalf.mrc', new Uint8Array(8)); // the tab closed mid-write
    await storage.write('rlost.json', new TextEncoder().encode(JSON.stringify(record('rlost', 1))));
    await storage.write('rjunk.json', new TextEncoder().encode('{not json'));
    expect(await shelf.list()).toEqual([]);
    expect(await storage.list()).toEqual([]);
  });

  it('remove frees both files; a missing volume is a one-line error', async () => {
    const storage = memoryShelfStorage();
    const shelf = createResultShelf(storage);
    await shelf.put(record('rc', 1), new Uint8Array(4));
    await shelf.remove('rc');
    expect(await storage.list()).toEqual([]);
    await expect(shelf.mrc('rc')).rejects.toThrow(/gone from browser storage/);
  });

  it('keys are unique and safe as file names', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newResultKey(1234)));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^r[0-9a-z]+$/);
  });
});

describe('resultShelf, slab-mode results', () => {
  it('keeps the record of a result whose MRC lives elsewhere, and rewrites a record in place', async () => {
    const storage = memoryShelfStorage();
    const shelf = createResultShelf(storage);
    await shelf.put({ ...record('rs', 1), external: 'wedgelab-recon-x.mrc', bytes: 99 }, null);
    const [r] = await shelf.list();
    expect([r.key, r.external, r.bytes]).toEqual(['rs', 'wedgelab-recon-x.mrc', 99]);
    await shelf.update({ ...r, halfSet: { fsc143PerPx: 0.2, fsc05PerPx: null } });
    expect((await shelf.list())[0].halfSet).toEqual({ fsc143PerPx: 0.2, fsc05PerPx: null });
    expect((await storage.list()).map((f) => f.name)).toEqual(['rs.json']);
  });
});
