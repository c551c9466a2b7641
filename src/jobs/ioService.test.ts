import { describe, expect, it } from 'vitest';
import { writeMrc } from '../io/mrc/index.ts';
import { createIoService } from './ioService.ts';

function stackFile(name: string, nx: number, ny: number, nz: number, tiltAnglesDeg?: number[]): File {
  const data = Float32Array.from({ length: nx * ny * nz }, (_, i) => i % 7);
  const bytes = writeMrc(
    { nx, ny, nz, data, voxelSizeA: [3, 3, 3] },
    { mode: 2, program: 'test', date: new Date(0), tiltAnglesDeg },
  );
  return new File([bytes as Uint8Array<ArrayBuffer>], name);
}

const text = (name: string, body: string): File => new File([body], name);

describe('io service', () => {
  it('opens the demo and serves its views as whole buffers', async () => {
    const io = createIoService();
    const demo = await io.openDemo();
    expect([demo.nx, demo.ny, demo.nz]).toEqual([128, 128, 41]);
    expect(demo.tiltAnglesDeg?.[0]).toBe(-60);
    const s = await io.readSection(demo.id, 3);
    expect([s.nx, s.ny, s.k, s.bin]).toEqual([128, 128, 3, 1]);
    expect(s.data.byteLength).toBe(s.data.buffer.byteLength);
  });

  it('opens an MRC File, reads a binned section and scans its statistics', async () => {
    const io = createIoService();
    const ds = await io.open(1, [stackFile('a.mrc', 8, 6, 4)]);
    expect([ds.nx, ds.ny, ds.nz, ds.mode, ds.name]).toEqual([8, 6, 4, 2, 'a.mrc']);
    expect(ds.voxelSizeA).toEqual([3, 3, 3]);
    expect(ds.tiltAnglesDeg).toBeNull();
    const s = await io.readSection(ds.id, 1, 2);
    expect([s.nx, s.ny, s.data.length]).toEqual([4, 3, 12]);
    const stats = await io.scanStats(2, ds.id);
    expect(stats.min).toBe(0);
    expect(stats.max).toBe(6);
  });

  it('takes angles from a .tlt chosen with the stack, else from the extended header', async () => {
    const io = createIoService();
    const withTlt = await io.open(1, [stackFile('t.st', 4, 4, 3), text('t.tlt', '-10\n0\n10\n')]);
    expect(withTlt.tiltAnglesDeg).toEqual([-10, 0, 10]);
    expect(withTlt.anglesFrom).toBe('t.tlt');
    const fromHeader = await io.open(2, [stackFile('h.mrc', 4, 4, 3, [-5, 0, 5])]);
    expect(fromHeader.tiltAnglesDeg).toEqual([-5, 0, 5]);
    expect(fromHeader.anglesFrom).toMatch(/extended header/);
  });

  it('takes angles from a SerialEM .mdoc', async () => {
    const io = createIoService();
    const mdoc = [0, 1, 2].map((z) => `[ZValue = ${z}]\nTiltAngle = ${(z - 1) * 20}\n`).join('\n');
    const ds = await io.open(1, [
      stackFile('m.mrc', 4, 4, 3),
      text('m.mrc.mdoc', `PixelSpacing = 2\n\n${mdoc}`),
    ]);
    expect(ds.tiltAnglesDeg).toEqual([-20, 0, 20]);
    expect(ds.anglesFrom).toBe('m.mrc.mdoc');
    expect(ds.tiltAxisDeg).toBeNull();
    const titled = await io.open(2, [
      stackFile('m.mrc', 4, 4, 3),
      text(
        'm.mrc.mdoc',
        `PixelSpacing = 2\n\n[T = SerialEM: x    Tilt axis angle = -84.7, binning = 1]\n\n${mdoc}`,
      ),
    ]);
    expect(titled.tiltAxisDeg).toBe(-84.7);
  });

  it('accepts an .xf with the stack, and names what a .star or .aln is instead of calling it a stack', async () => {
    const io = createIoService();
    const ds = await io.open(1, [
      stackFile('s.mrc', 4, 4, 3),
      text('s.tlt', '-20\n0\n20\n'),
      text('s.xf', '1 0 0 1 0 0\n'.repeat(3)),
      text('s.star', 'data_\n'),
      text('s.aln', '# AreTomo\n'),
    ]);
    expect(ds.name).toBe('s.mrc');
    expect(ds.warnings.some((w) => /s\.xf/.test(w))).toBe(false);
    expect(ds.warnings).toContain(
      's.star: ignored, a RELION/Warp STAR metadata file, which WedgeLab does not read',
    );
    expect(ds.warnings.some((w) => /^s\.aln: ignored, an AreTomo alignment/.test(w))).toBe(true);
    expect(ds.warnings.some((w) => /one stack at a time/.test(w))).toBe(false);
  });

  it('refuses a .tlt with the wrong count, naming both files', async () => {
    const io = createIoService();
    await expect(io.open(1, [stackFile('t.st', 4, 4, 3), text('t.tlt', '1\n2\n')])).rejects.toMatchObject({
      code: 'mismatch',
      message: expect.stringMatching(/t\.st has 3 sections but t\.tlt lists 2/),
    });
  });

  it('refuses text and angle files alone with typed errors', async () => {
    const io = createIoService();
    await expect(
      io.open(1, [text('notes.mrc', 'hello world, not an image '.repeat(60))]),
    ).rejects.toMatchObject({
      message: expect.stringContaining('notes.mrc'),
    });
    await expect(io.open(2, [text('a.tlt', '1\n')])).rejects.toMatchObject({ code: 'bad-argument' });
  });

  it('stops a scan that was cancelled', async () => {
    const io = createIoService();
    const ds = await io.openDemo();
    await io.cancel(7);
    await expect(io.scanStats(7, ds.id)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('rejects sections out of range and closed datasets', async () => {
    const io = createIoService();
    const ds = await io.openDemo();
    await expect(io.readSection(ds.id, 41)).rejects.toMatchObject({ code: 'bad-argument' });
    await io.close(ds.id);
    await expect(io.readSection(ds.id, 0)).rejects.toMatchObject({ code: 'not-found' });
  });
});
