// Files WedgeLab writes must pass Debian's mrcfile-validate and read back in mrcfile (strict mode).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Volume } from '../../core/types.ts';
import { hasPythonModule, hasSharedData, readShared } from '../../testing/sharedData.ts';
import { bytesSource, openMrc, readVolume, writeMrc } from './index.ts';
import type { MrcWriteOptions } from './types.ts';

const hasMrcfile = hasPythonModule('mrcfile');
if (!hasMrcfile)
  console.warn('[mrc validate] python3-mrcfile not installed: mrcfile-validate checks skipped');

const dir = mkdtempSync(join(tmpdir(), 'wedgelab-mrc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function validate(path: string): { ok: boolean; output: string } {
  const cmd = existsSync('/usr/bin/mrcfile-validate')
    ? ['/usr/bin/mrcfile-validate', [path]]
    : [
        '/usr/bin/python3',
        ['-c', 'import sys, mrcfile; sys.exit(0 if mrcfile.validate(sys.argv[1]) else 1)', path],
      ];
  const r = spawnSync(cmd[0] as string, cmd[1] as string[], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** What mrcfile itself makes of the file, with every warning turned into an error. */
function mrcfileView(path: string): Record<string, unknown> {
  const script = `
import json, sys, warnings
warnings.simplefilter('error')
import mrcfile
with mrcfile.open(sys.argv[1]) as m:
    h = m.header
    ext = m.extended_header
    tilts = [float(r['Alpha tilt']) for r in ext] if h.exttyp == b'FEI1' else []
    print(json.dumps({'volume': bool(m.is_volume()), 'stack': bool(m.is_image_stack()), 'nversion': int(h.nversion),
        'voxel': [float(m.voxel_size.x), float(m.voxel_size.y), float(m.voxel_size.z)], 'dtype': str(m.data.dtype),
        'labels': [l.decode().strip() for l in h.label[:h.nlabl]], 'tilts': tilts, 'shape': list(m.data.shape)}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as Record<
    string,
    unknown
  >;
}

function save(name: string, volume: Volume, opts: MrcWriteOptions): string {
  const path = join(dir, name);
  writeFileSync(path, writeMrc(volume, opts));
  return path;
}

/**
 * mrcfile 1.4.3's validator computes the float16 standard deviation in float16, which overflows once
 * Σ(x − mean)² > 65504 and reports 'RMS deviation is inf'; float16 test data stay below that (last test).
 */
function phantom(nx: number, ny: number, nz: number, amplitude = 300): Volume {
  const data = new Float32Array(nx * ny * nz);
  for (let i = 0; i < data.length; i++) data[i] = amplitude * Math.sin(i * 0.37) + 0.25 * (i % 17);
  return { nx, ny, nz, data, voxelSizeA: [1.5, 1.5, 2] };
}

const DATE = new Date('2024-05-01T12:00:00Z');

describe.skipIf(!hasMrcfile)('written files pass mrcfile-validate', () => {
  for (const mode of [2, 12, 1, 6] as const) {
    it(`mode ${mode} volume`, () => {
      const path = save(`vol${mode}.mrc`, phantom(9, 8, 7, mode === 12 ? 10 : 300), {
        mode,
        program: 'test',
        date: DATE,
        labels: ['from a.mrc'],
      });
      const v = validate(path);
      expect(v.ok, v.output).toBe(true);
      const seen = mrcfileView(path);
      expect(seen.volume).toBe(true);
      expect(seen.nversion).toBe(20141);
      expect(seen.voxel).toEqual([1.5, 1.5, 2]);
      expect(seen.shape).toEqual([7, 8, 9]);
      expect(seen.dtype).toBe({ 2: 'float32', 12: 'float16', 1: 'int16', 6: 'uint16' }[mode]);
      expect(seen.labels).toEqual(['wedgelab test 2024-05-01T12:00:00.000Z', 'from a.mrc']);
    });
  }

  it('tilt series with an FEI1 extended header, ten labels at most', () => {
    const tilts = [-45, -30, -15, 0, 15, 30, 45];
    const labels = Array.from({ length: 12 }, (_, i) => `kept label ${i}`);
    const path = save('series.mrc', phantom(16, 12, 7, 5), {
      mode: 12,
      program: 'wedgelab convert',
      date: DATE,
      tiltAnglesDeg: tilts,
      labels,
    });
    const v = validate(path);
    expect(v.ok, v.output).toBe(true);
    const seen = mrcfileView(path);
    expect(seen.stack).toBe(true);
    expect(seen.tilts).toEqual(tilts);
    expect((seen.labels as string[]).length).toBe(10);
  });

  it('single image (nz = 1) and a constant volume', () => {
    const image = save('image.mrc', phantom(10, 6, 1), { mode: 2, program: 't', date: DATE });
    expect(validate(image).ok).toBe(true);
    const flat: Volume = { nx: 4, ny: 4, nz: 4, data: new Float32Array(64).fill(3), voxelSizeA: [1, 1, 1] };
    const constant = save('constant.mrc', flat, { mode: 1, program: 't', date: DATE });
    const v = validate(constant);
    expect(v.ok, v.output).toBe(true);
  });

  it('unknown voxel size (0): cell 0 written, passes, and reads back as 0, not 1 Å', async () => {
    const unknown: Volume = { ...phantom(9, 8, 7), voxelSizeA: [0, 0, 0] };
    const path = save('cell0.mrc', unknown, { mode: 2, program: 't', date: DATE });
    const v = validate(path);
    expect(v.ok, v.output).toBe(true);
    expect(mrcfileView(path).voxel).toEqual([0, 0, 0]);
    const series = save('cell0_series.mrc', unknown, {
      mode: 2,
      program: 't',
      date: DATE,
      tiltAnglesDeg: [-45, -30, -15, 0, 15, 30, 45],
    });
    expect(validate(series).ok).toBe(true);
    const bytes = writeMrc(unknown, {
      mode: 2,
      program: 't',
      date: DATE,
      tiltAnglesDeg: [1, 2, 3, 4, 5, 6, 7],
    });
    const file = await openMrc(bytesSource(bytes, 'cell0.mrc'));
    expect(file.header.cella).toEqual([0, 0, 0]);
    expect(file.sections[0].pixelSizeA).toBeUndefined();
    expect((await readVolume(file)).voxelSizeA).toEqual([0, 0, 0]);
  });

  it('mode 12 header rms equals numpy float64 std even where mrcfile-validate overflows in float16', () => {
    const path = save('big16.mrc', phantom(9, 8, 7, 100), { mode: 12, program: 't', date: DATE });
    const script = `
import sys, mrcfile, numpy as np
with mrcfile.open(sys.argv[1]) as m:
    print(float(m.data.std(dtype=np.float64)), float(m.header.rms))`;
    const [std, rms] = execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .map(Number);
    expect(Math.abs(rms - std) / std).toBeLessThan(1e-6);
  });

  it.skipIf(!hasSharedData)('EMD-3001 (axes 3,1,2) read and rewritten in every mode', async () => {
    const file = await openMrc(bytesSource(readShared('mrcfile/EMD-3001.map'), 'EMD-3001.map'));
    const volume = await readVolume(file);
    for (const mode of [2, 12, 1, 6] as const) {
      const path = save(`emd3001-${mode}.mrc`, volume, {
        mode,
        program: 'convert',
        labels: file.header.labels,
      });
      const v = validate(path);
      expect(v.ok, v.output).toBe(true);
    }
  });
});
