import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeSource, writeFileAtomic } from './nodeSource.ts';

const dir = mkdtempSync(join(tmpdir(), 'wedgelab-src-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openNodeSource', () => {
  it('reads ranges on demand and short only at end of file', async () => {
    const p = join(dir, 'bytes.bin');
    writeFileSync(
      p,
      Uint8Array.from({ length: 1000 }, (_, i) => i % 251),
    );
    const src = await openNodeSource(p);
    try {
      expect(src.size).toBe(1000);
      expect(src.name).toBe(p);
      expect(Array.from(await src.read(250, 4))).toEqual([250, 0, 1, 2]);
      expect((await src.read(990, 100)).length).toBe(10);
      expect((await src.read(2000, 10)).length).toBe(0);
    } finally {
      await src.close();
    }
  });

  it('refuses a directory with a WedgeLabError', async () => {
    await expect(openNodeSource(dir)).rejects.toMatchObject({
      name: 'WedgeLabError',
      message: `${dir}: is a directory, expected a file`,
    });
  });
});

describe('writeFileAtomic', () => {
  it('replaces the target and leaves no .tmp', async () => {
    const p = join(dir, 'out.mrc');
    writeFileSync(p, 'old');
    await writeFileAtomic(p, new TextEncoder().encode('new'));
    expect(readFileSync(p, 'utf8')).toBe('new');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports the real output path when the folder is missing', async () => {
    const p = join(dir, 'missing', 'out.mrc');
    await expect(writeFileAtomic(p, new Uint8Array(1))).rejects.toMatchObject({ code: 'ENOENT', path: p });
  });
});
