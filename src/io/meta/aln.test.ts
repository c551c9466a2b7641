// No real AreTomo .aln is in ../shared/data, so the fixture is written here, line for line with the
// printf formats AreTomo2's CSaveAlignFile uses (header, "%5d  %9.4f  %9.5f  %9.3f  %9.3f  %7.2f  %7.2f
// %7.2f  %7.2f  %8.2f" global rows, "%4d %3d %8.2f  %8.2f  %8.2f  %8.2f  %4.1f" local rows) plus the
// AlphaOffset/BetaOffset/Thickness lines newer versions add.
import { describe, expect, it } from 'vitest';
import { thrown } from './testHelpers.ts';
import { alnRawTiltAnglesDeg, parseAln } from './aln.ts';
import { formatFixed as f } from './text.ts';

interface FixtureView {
  rotDeg: number;
  txPx: number;
  tyPx: number;
  tiltDeg: number;
}

function fixture(opts: { numPatches?: number; darkAt?: number[]; localExtreme?: boolean } = {}) {
  const numPatches = opts.numPatches ?? 4;
  const darkAt = opts.darkAt ?? [0, 1];
  const rawTiltsDeg = Array.from({ length: 11 }, (_, k) => -50 + 10 * k + 0.29);
  const kept = rawTiltsDeg.map((_, z) => z).filter((z) => !darkAt.includes(z));
  const views: FixtureView[] = kept.map((z, k) => ({
    rotDeg: 84.4445,
    txPx: 13.382 - 2.5 * k,
    tyPx: ((k * 37) % 11) - 5.046,
    tiltDeg: rawTiltsDeg[z],
  }));
  const lines = [
    '# AreTomo Alignment / Priims bprmMn ',
    '# RawSize = 4096 4096 11',
    `# NumPatches = ${numPatches}`,
    ...darkAt.map((z) => `# DarkFrame =  ${f(z, 4, 0)} ${f(z, 4, 0)} ${f(rawTiltsDeg[z], 8, 2)}`),
    '# AlphaOffset =    12.30',
    '# BetaOffset =     0.00',
    '# Thickness = 1910',
    '# SEC     ROT         GMAG       TX          TY      SMEAN     SFIT    SCALE     BASE     TILT',
    ...views.map(
      (v, k) =>
        `${f(k, 5, 0)}  ${f(v.rotDeg, 9, 4)}  ${f(1, 9, 5)}  ${f(v.txPx, 9, 3)}  ${f(v.tyPx, 9, 3)}  ` +
        `${f(1, 7, 2)}  ${f(1, 7, 2)}  ${f(1, 7, 2)}  ${f(0, 7, 2)}  ${f(v.tiltDeg, 8, 2)}`,
    ),
  ];
  const local: number[][] = [];
  if (numPatches > 0) {
    lines.push('# Local Alignment');
    for (let t = 0; t < views.length; t++)
      for (let p = 0; p < numPatches; p++) {
        const row = [t, p, -1537.16 + 1000 * p, -1363.14 + 7 * t, -6.93 + p, -36.22 + t, p === 3 ? 0 : 1];
        // A diverged patch shift as AreTomo prints it: %8.2f fields run together.
        if (opts.localExtreme && t === 1 && p === 1) row.splice(4, 2, 81283.28, -103507.92);
        local.push(row);
        lines.push(
          `${f(row[0], 4, 0)} ${f(row[1], 3, 0)} ${f(row[2], 8, 2)}  ${f(row[3], 8, 2)}  ${f(row[4], 8, 2)}  ${f(row[5], 8, 2)}  ${f(row[6], 4, 1)}`,
        );
      }
  }
  return { text: lines.join('\n') + '\n', views, local, rawTiltsDeg };
}

describe('parseAln on a generated AreTomo2-style file', () => {
  it('reads header, dark frames, global rows and local rows', () => {
    const { text, views, local, rawTiltsDeg } = fixture();
    const aln = parseAln(text, 'out/TS_01.aln');
    expect(aln.fileName).toBe('TS_01.aln');
    expect(aln.rawSize).toEqual([4096, 4096, 11]);
    expect(aln.numPatches).toBe(4);
    expect(aln.alphaOffsetDeg).toBe(12.3);
    expect(aln.betaOffsetDeg).toBe(0);
    expect(aln.thicknessPx).toBe(1910);
    expect(aln.darkFrames).toEqual([
      { frameIndex: 0, sectionIndex: 0, tiltDeg: -49.71 },
      { frameIndex: 1, sectionIndex: 1, tiltDeg: -39.71 },
    ]);
    expect(aln.views).toHaveLength(9);
    aln.views.forEach((v, k) => {
      expect(v.secIndex).toBe(k);
      expect(v.rotDeg).toBe(84.4445);
      expect(v.gMag).toBe(1);
      expect(Math.abs(v.txPx - views[k].txPx)).toBeLessThanOrEqual(5e-4);
      expect(Math.abs(v.tyPx - views[k].tyPx)).toBeLessThanOrEqual(5e-4);
      expect([v.smean, v.sfit, v.scale, v.base]).toEqual([1, 1, 1, 0]);
      expect(Math.abs(v.tiltDeg - views[k].tiltDeg)).toBeLessThanOrEqual(5e-3);
    });
    expect(aln.localShifts).toHaveLength(9 * 4);
    aln.localShifts.forEach((s, k) => {
      const row = local[k];
      expect([s.viewIndex, s.patchIndex]).toEqual([row[0], row[1]]);
      expect(s.xPx).toBeCloseTo(row[2], 2);
      expect(s.shiftYPx).toBeCloseTo(row[5], 2);
      expect(s.good).toBe(row[6] === 1);
    });
    expect(aln.warnings).toEqual([]);
    const rawDeg = alnRawTiltAnglesDeg(aln);
    expect(rawDeg).toHaveLength(11);
    rawDeg.forEach((a, z) => expect(a).toBeCloseTo(rawTiltsDeg[z], 2));
  });

  it('reads local rows whose %8.2f fields ran together', () => {
    const aln = parseAln(fixture({ localExtreme: true }).text, 'x.aln');
    const s = aln.localShifts.find((r) => r.viewIndex === 1 && r.patchIndex === 1)!;
    expect([s.shiftXPx, s.shiftYPx]).toEqual([81283.28, -103507.92]);
  });

  it('accepts a file without local alignment or dark frames', () => {
    const aln = parseAln(fixture({ numPatches: 0, darkAt: [] }).text, 'g.aln');
    expect(aln.views).toHaveLength(11);
    expect(aln.localShifts).toEqual([]);
    expect(aln.darkFrames).toEqual([]);
  });

  it('warns when aligned + dark views do not add up to RawSize', () => {
    const text = fixture().text.replace('# RawSize = 4096 4096 11', '# RawSize = 4096 4096 12');
    expect(parseAln(text, 'w.aln').warnings[0]).toContain('≠ 12 raw sections');
  });
});

describe('parseAln errors', () => {
  it('calls an empty file truncated', () => {
    const e = thrown(() => parseAln('  \n', 'empty.aln'));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('empty.aln');
  });

  it('needs RawSize', () => {
    const e = thrown(() => parseAln(fixture().text.replace(/# RawSize.*\n/, ''), 'TS_01.aln'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('TS_01.aln');
    expect(e.message).toContain('RawSize');
  });

  it('names file and line of a global row with a missing column', () => {
    const lines = fixture().text.split('\n');
    const row = lines.findIndex((l) => l.startsWith('# SEC')) + 3;
    lines[row] = lines[row].replace(/\s+\S+$/, '');
    const e = thrown(() => parseAln(lines.join('\n'), 'TS_01.aln'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain(`TS_01.aln line ${row + 1}`);
  });

  it('calls missing local rows truncated', () => {
    const text = fixture().text.split('\n').slice(0, -3).join('\n');
    const e = thrown(() => parseAln(text, 'TS_01.aln'));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('4 × 9 = 36');
  });

  it('refuses a .tlt given as .aln', () => {
    const e = thrown(() => parseAln('-60.00\n-58.00\n', 'TS_01.tlt'));
    expect(e.code).toBe('bad-header');
    expect(e.message).toContain('TS_01.tlt line 1');
  });
});
