// `wedgelab convert TS.aln TS.xf --tlt-out TS.tlt --size NX,NY`, through the real CLI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTlt, parseXf } from '../../io/meta/index.ts';
import { alnViewXf } from '../../io/meta/alnConvert.ts';
import { expectOk, expectUsageError, wedgelab } from '../cliRun.testutil.ts';

const dir = mkdtempSync(join(tmpdir(), 'wedgelab-convert-aln-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// AreTomo2 layout: raw stack of 4 sections in the order 0°, 3°, −3°, 6°; section 3 dark; rows in tilt order
const ALN = [
  '# AreTomo Alignment / Priims bprmMn ',
  '# RawSize = 2048 2048 4',
  '# NumPatches = 0',
  '# DarkFrame =     3    3     6.00',
  '# SEC     ROT         GMAG       TX          TY      SMEAN     SFIT    SCALE     BASE     TILT',
  '    2   -95.4040    1.00000     12.500     -4.250     1.00     1.00     1.00     0.00    -3.00',
  '    0   -95.4040    1.00000      0.000      0.000     1.00     1.00     1.00     0.00     0.00',
  '    1   -95.4040    1.00000     -7.125     30.000     1.00     1.00     1.00     0.00     3.00',
  '',
].join('\n');

describe('wedgelab convert on an AreTomo .aln', () => {
  const aln = join(dir, 'TS_01.aln');
  writeFileSync(aln, ALN);

  it('writes the .xf (one line per raw section) and the .tlt', () => {
    const xfPath = join(dir, 'TS_01.xf');
    const tltPath = join(dir, 'TS_01.tlt');
    const r = wedgelab('convert', aln, xfPath, '--tlt-out', tltPath, '--size', '1024,1024', '--json');
    expectOk(r);
    const json = JSON.parse(r.stdout) as { views: number; excluded: number[]; warnings: string[] };
    expect(json.views).toBe(4);
    expect(json.excluded).toEqual([3]);
    // a 1024² copy of the 2048² stack: the shifts halve, and stderr says so
    expect(r.stderr).toMatch(/shifts scaled by 0\.5/);
    const xf = parseXf(readFileSync(xfPath, 'utf8'), xfPath);
    const expected = [
      alnViewXf(-95.404, 0, 0),
      alnViewXf(-95.404, -7.125 / 2, 15),
      alnViewXf(-95.404, 6.25, -4.25 / 2),
      { a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 },
    ];
    expect(xf).toHaveLength(4);
    xf.forEach((t, k) => {
      for (const key of ['a11', 'a12', 'a21', 'a22'] as const)
        expect(t[key]).toBeCloseTo(expected[k][key], 6);
      expect(t.dxPx).toBeCloseTo(expected[k].dxPx, 3);
      expect(t.dyPx).toBeCloseTo(expected[k].dyPx, 3);
    });
    expect(parseTlt(readFileSync(tltPath, 'utf8'), tltPath)).toEqual([0, 3, -3, 6]);
  });

  it('the text output names the dark frame', () => {
    const r = wedgelab('convert', aln, join(dir, 'pos.xf'), '--size', '2048,2048');
    expectOk(r);
    expect(r.stdout).toMatch(/excluded\s+3 \(AreTomo's dark frames/);
    expect(readFileSync(join(dir, 'pos.xf'), 'utf8').trim().split('\n')).toHaveLength(4);
  });

  it('one-line usage errors: no --size, a stack of another shape, MRC-only and .aln-only options', () => {
    expectUsageError(wedgelab('convert', aln, join(dir, 'x.xf')), /RawSize is 2048,2048/);
    const other = wedgelab('convert', aln, join(dir, 'y.xf'), '--size', '2048,1024');
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/aligned a 2048 × 2048 stack; this one is 2048 × 1024/);
    expectUsageError(
      wedgelab('convert', aln, join(dir, 'z.xf'), '--size', '2048,2048', '--mode', '12'),
      /--mode/,
    );
    expectUsageError(
      wedgelab('convert', join(dir, 'a.mrc'), join(dir, 'b.mrc'), '--size', '4,4'),
      /--size is for/,
    );
    expectUsageError(
      wedgelab('convert', join(dir, 'none.aln'), 'q.xf', '--size', '8,8'),
      /none\.aln: no such file/,
    );
  });
});
