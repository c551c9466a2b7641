// Header parser fuzzing (seeded, deterministic): random and mutated real headers may only ever give a
// WedgeLabError, and whatever opens must read its first and last sections (or fail with a WedgeLabError).
import { describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { hasSharedData, readShared } from '../../testing/sharedData.ts';
import { bytesSource, openMrc, readVolume, writeMrc } from './index.ts';
import { OFF } from './layout.ts';
import { buildMrc, bytesPerSection } from './testFiles.ts';

/** mulberry32: small, seeded, good enough to spread bytes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Outcome {
  opened: number;
  refused: number;
}

async function exercise(
  bytes: Uint8Array,
  name: string,
  outcome: Outcome,
  permissive: boolean,
): Promise<void> {
  const fail = (e: unknown) => {
    if (!isWedgeLabError(e)) throw new Error(`${name}: not a WedgeLabError: ${String(e)}`);
    expect(e.message.startsWith(`${name}: `) || e.message.startsWith('writeMrc')).toBe(true);
    expect(e.message).not.toContain('\n');
  };
  let file;
  try {
    file = await openMrc(bytesSource(bytes, name), { permissive });
  } catch (e) {
    fail(e);
    outcome.refused++;
    return;
  }
  outcome.opened++;
  const h = file.header;
  expect(h.dataOffset + h.nz * bytesPerSection(h.mode, h.nx, h.ny)).toBeLessThanOrEqual(bytes.length);
  expect(file.sections.length).toBeLessThanOrEqual(h.nz);
  for (const k of [0, h.nz - 1]) {
    try {
      const sec = await file.readSection(k);
      expect(sec.length).toBe(h.nx * h.ny);
      const bin = Math.min(h.nx, h.ny, 2);
      expect((await file.readSection(k, { bin })).length).toBe(
        Math.floor(h.nx / bin) * Math.floor(h.ny / bin),
      );
    } catch (e) {
      fail(e);
    }
  }
  if (h.nx * h.ny * h.nz <= 1 << 16) {
    const v = await readVolume(file).catch((e: unknown) => fail(e));
    if (v) expect(v.nx * v.ny * v.nz).toBe(h.nx * h.ny * h.nz);
  }
}

const EXTTYPES = ['FEI1', 'FEI2', 'SERI', 'AGAR', 'CCP4', 'MRCO', '\xcd\xcd\xcd\xcd', ''];
const MODES = [0, 1, 2, 3, 4, 6, 12, 101, 5, -1, 1 << 20];

/** A header that is plausible in some fields and wild in others, so that deep paths get exercised. */
function randomFile(rand: () => number): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const size = () =>
    pick([1, 2, 3, 7, 16, 33, 0, -1, -2147483648, 2147483647, 1 << 16, Math.floor(rand() * 64)]);
  const mode = pick(MODES);
  const [nx, ny, nz] = [size(), size(), size()];
  const le = rand() < 0.7;
  const wellFormed = [nx, ny, nz].every((n) => n >= 1 && n <= 64) && [0, 1, 2, 6, 12, 101].includes(mode);
  const declared = wellFormed ? bytesPerSection(mode, nx, ny) * nz : Math.floor(rand() * 4096);
  const dataLen = Math.max(0, declared + pick([0, 0, 0, -1, 1, -Math.floor(declared / 2), 100]));
  const nsymbt = pick([0, 0, 160, 768, 888 * 2, Math.floor(rand() * 3000)]);
  const bytes = buildMrc({
    nx: wellFormed ? nx : 1,
    ny: wellFormed ? ny : 1,
    nz: wellFormed ? nz : 1,
    mode: wellFormed ? mode : 2,
    littleEndian: le,
    stamp: pick([undefined, [0, 0, 0, 0], [0x44, 0x41, 0, 0], [0x11, 0x11, 0, 0], [0xcd, 0xcd, 0xcd, 0xcd]]),
    axes: pick([undefined, undefined, [3, 1, 2], [0, 0, 0], [10, 11, 12], [1, 1, 2]]),
    mapId: rand() < 0.8,
    exttyp: pick(EXTTYPES),
    nint: pick([0, 2, 8, 32, -5, Math.floor(rand() * 40000)]),
    nreal: pick([0, 1, 9, 41, 32, -1, Math.floor(rand() * 40000)]),
    ext: Uint8Array.from({ length: nsymbt }, () => Math.floor(rand() * 256)),
    data: Uint8Array.from({ length: Math.min(dataLen, 1 << 16) }, () => Math.floor(rand() * 256)),
    labels: rand() < 0.3 ? ['label \xcd\x00junk'] : [],
  });
  const view = new DataView(bytes.buffer);
  if (!wellFormed) {
    view.setInt32(OFF.nx, nx, le);
    view.setInt32(OFF.ny, ny, le);
    view.setInt32(OFF.nz, nz, le);
    view.setInt32(OFF.mode, mode, le);
  }
  if (rand() < 0.2) view.setInt32(OFF.nsymbt, pick([-1, 1 << 30, nsymbt + 1]), le);
  if (rand() < 0.2) view.setInt32(OFF.nlabl, pick([-3, 11, 1 << 30]), le);
  // sprinkle a few random bytes anywhere in the header
  for (let i = Math.floor(rand() * 4); i > 0; i--)
    bytes[Math.floor(rand() * 1024)] = Math.floor(rand() * 256);
  return rand() < 0.1 ? bytes.slice(0, Math.floor(rand() * bytes.length)) : bytes;
}

function mutate(base: Uint8Array, rand: () => number): Uint8Array {
  const bytes = base.slice();
  const view = new DataView(bytes.buffer);
  const fields = Object.values(OFF).filter((o) => o < 220);
  for (let i = 1 + Math.floor(rand() * 4); i > 0; i--) {
    const r = rand();
    const at = fields[Math.floor(rand() * fields.length)];
    if (r < 0.4) bytes[Math.floor(rand() * 1024)] = Math.floor(rand() * 256);
    else if (r < 0.7) view.setInt32(at & ~1, Math.floor((rand() - 0.5) * 2 ** 32), rand() < 0.5);
    else view.setInt32(at & ~1, [0, -1, 1, 2, 3, 4, 101, 2 ** 31 - 1][Math.floor(rand() * 8)], true);
  }
  return rand() < 0.15 ? bytes.slice(0, Math.floor(rand() * bytes.length)) : bytes;
}

describe('header fuzzing', () => {
  it('3000 random headers: only WedgeLabErrors, and opened files read', async () => {
    const rand = prng(20240501);
    const outcome: Outcome = { opened: 0, refused: 0 };
    for (let i = 0; i < 3000; i++) await exercise(randomFile(rand), `random-${i}.mrc`, outcome, rand() < 0.3);
    // The generator must reach both outcomes, or it tests nothing.
    expect(outcome.opened).toBeGreaterThan(100);
    expect(outcome.refused).toBeGreaterThan(100);
  });

  it('2000 mutated real headers: only WedgeLabErrors, and opened files read', async () => {
    const rand = prng(7);
    const bases: Uint8Array[] = [];
    const vol = {
      nx: 12,
      ny: 10,
      nz: 6,
      data: new Float32Array(720).map((_, i) => i % 13),
      voxelSizeA: [2, 2, 2] as [number, number, number],
    };
    for (const mode of [1, 2, 6, 12] as const)
      bases.push(writeMrc(vol, { mode, program: 'fuzz', tiltAnglesDeg: [-3, -2, -1, 1, 2, 3] }));
    bases.push(
      buildMrc({
        nx: 5,
        ny: 4,
        nz: 3,
        mode: 101,
        exttyp: 'SERI',
        nint: 4,
        nreal: 1 | 8,
        ext: new Uint8Array(12),
      }),
    );
    if (hasSharedData) {
      for (const rel of [
        'imp/mini.mrc',
        'gemmi/5i55_tiny.ccp4',
        'rosettasciio/20241021_00405_movie.mrc',
        'imod/headerTest.st',
        'mrcfile/EMD-3197.map',
      ]) {
        bases.push(readShared(rel));
      }
    }
    const outcome: Outcome = { opened: 0, refused: 0 };
    for (let i = 0; i < 2000; i++) {
      await exercise(mutate(bases[i % bases.length], rand), `mutated-${i}.mrc`, outcome, rand() < 0.3);
    }
    expect(outcome.opened).toBeGreaterThan(100);
    expect(outcome.refused).toBeGreaterThan(100);
  });
});
