// alnToXf against a simulated series with known shifts and axis rotation. The convention is checked twice:
// (1) resampling the raw views the way AreTomo's correction kernel does (GCorrPatchShift: the aligned pixel
// X, relative to the centre, reads the raw image at R(ROT)·X + (TX, TY) + centre) with the .aln written
// from the truth gives the clean projections, and the two wrong readings of TX/TY do not; (2) alnToXf of
// that .aln reproduces the simulator's truth .xf. No real .aln is in ../shared/data.
import { describe, expect, it } from 'vitest';
import { rotationInPlane, xfCentrePx, type InPlaneXf } from '../../core/geometry/index.ts';
import { simulateTiltSeries, warpImage } from '../../recon/simulate/index.ts';
import { parseAln } from './aln.ts';
import { alnToXf, alnViewXf, xfToAlnView } from './alnConvert.ts';
import { thrown } from './testHelpers.ts';
import { formatFixed as f } from './text.ts';

const N = 64;
const ANGLES = [-45, -30, -15, 0, 15, 30, 45];
const AXIS_DEG = 84.4;

interface Row {
  sec: number;
  rotDeg: number;
  txPx: number;
  tyPx: number;
  tiltDeg: number;
}

/** An .aln as AreTomo writes it; `decimals` 3 is AreTomo's %9.3f, more for exact round trips. */
function alnText(
  rows: Row[],
  rawSize: [number, number, number],
  dark: { frame: number; sec: number; tiltDeg: number }[] = [],
  decimals = 3,
): string {
  const w = decimals + 7;
  return [
    '# AreTomo Alignment / Priims bprmMn ',
    `# RawSize = ${rawSize.join(' ')}`,
    '# NumPatches = 0',
    ...dark.map((d) => `# DarkFrame =  ${f(d.frame, 4, 0)} ${f(d.sec, 4, 0)} ${f(d.tiltDeg, 8, 2)}`),
    '# SEC     ROT         GMAG       TX          TY      SMEAN     SFIT    SCALE     BASE     TILT',
    ...rows.map(
      (r) =>
        `${f(r.sec, 5, 0)}  ${f(r.rotDeg, w, decimals + 1)}  ${f(1, 9, 5)}  ${f(r.txPx, w, decimals)}  ` +
        `${f(r.tyPx, w, decimals)}  ${f(1, 7, 2)}  ${f(1, 7, 2)}  ${f(1, 7, 2)}  ${f(0, 7, 2)}  ${f(r.tiltDeg, 8, 2)}`,
    ),
  ].join('\n');
}

/** AreTomo's correction of one view (bilinear here, nearest in AreTomo): aligned(X) = raw(R(ROT)·X + T + c). */
function areTomoCorrect(raw: Float32Array, rotDeg: number, txPx: number, tyPx: number): Float32Array {
  const [cx, cy] = xfCentrePx({ nu: N, nv: N });
  const r = rotationInPlane(rotDeg);
  const out = new Float32Array(N * N);
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      const u = r.a11 * (x - cx) + r.a12 * (y - cy) + txPx + cx;
      const v = r.a21 * (x - cx) + r.a22 * (y - cy) + tyPx + cy;
      const i = Math.floor(u);
      const j = Math.floor(v);
      if (i < 0 || j < 0 || i + 1 >= N || j + 1 >= N) continue;
      const p = i + N * j;
      const a = raw[p] + (u - i) * (raw[p + 1] - raw[p]);
      const b = raw[p + N] + (u - i) * (raw[p + N + 1] - raw[p + N]);
      out[x + N * y] = a + (v - j) * (b - a);
    }
  return out;
}

/** Pearson correlation inside the disc of radius 22 px about the centre (clear of rotated-away corners). */
function discCorrelation(a: Float32Array, b: Float32Array): number {
  let n = 0,
    sa = 0,
    sb = 0,
    sab = 0,
    saa = 0,
    sbb = 0;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      if (Math.hypot(x - N / 2, y - N / 2) > 22) continue;
      const p = a[x + N * y];
      const q = b[x + N * y];
      n++;
      sa += p;
      sb += q;
      sab += p * q;
      saa += p * p;
      sbb += q * q;
    }
  return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
}

const maxXfDiff = (a: InPlaneXf, b: InPlaneXf) =>
  Math.max(
    ...(['a11', 'a12', 'a21', 'a22', 'dxPx', 'dyPx'] as const).map((key) => Math.abs(a[key] - b[key])),
  );

async function series() {
  const common = {
    phantom: { name: 'shapes', nx: N, ny: N, nz: 24, lowpassSigmaPx: 1.5 },
    anglesDeg: ANGLES,
    seed: 7,
  };
  const moved = await simulateTiltSeries({ ...common, shiftSigmaPx: 4, axisErrorDeg: AXIS_DEG });
  const clean = await simulateTiltSeries(common);
  return { moved, clean };
}

describe('alnToXf on a simulated series (shifts sd 4 px, tilt axis 84.4°)', async () => {
  const { moved, clean } = await series();
  const plane = N * N;
  const view = (d: Float32Array, k: number) => d.subarray(k * plane, (k + 1) * plane);
  const rows: Row[] = moved.truthXf.map((t, k) => ({ sec: k, ...xfToAlnView(t), tiltDeg: ANGLES[k] }));

  it('the truth written as .aln has ROT = the axis angle and shifts of a few pixels', () => {
    for (const r of rows) expect(r.rotDeg).toBeCloseTo(AXIS_DEG, 9);
    const sd = Math.sqrt(rows.reduce((s, r) => s + r.txPx ** 2 + r.tyPx ** 2, 0) / (2 * rows.length));
    expect(sd).toBeGreaterThan(1.5);
  });

  it("AreTomo's correction with that .aln gives the clean projections; other readings of TX/TY do not", () => {
    const readings = {
      raw: (r: Row) => [r.txPx, r.tyPx],
      negated: (r: Row) => [-r.txPx, -r.tyPx],
      // (TX, TY) taken as a shift in the aligned frame, rotated into the raw one the other way
      otherFrame: (r: Row) => {
        const q = rotationInPlane(-2 * r.rotDeg);
        return [q.a11 * r.txPx + q.a12 * r.tyPx, q.a21 * r.txPx + q.a22 * r.tyPx];
      },
    };
    const worst = Object.fromEntries(
      Object.entries(readings).map(([key, t]) => [
        key,
        Math.min(
          ...rows.map((r, k) => {
            const [tx, ty] = t(r);
            return discCorrelation(
              areTomoCorrect(view(moved.tiltSeries.data, k), r.rotDeg, tx, ty),
              view(clean.tiltSeries.data, k),
            );
          }),
        ),
      ]),
    );
    expect(worst.raw).toBeGreaterThan(0.995);
    expect(worst.negated).toBeLessThan(0.9);
    expect(worst.otherFrame).toBeLessThan(0.9);
  });

  it('reproduces the truth .xf within 1e-6, and newstack-style resampling with it gives the clean views', () => {
    const text = alnText(rows, [N, N, ANGLES.length], [], 9);
    const out = alnToXf(parseAln(text, 'TS_01.aln'), { nu: N, nv: N });
    expect(out.excluded).toEqual([]);
    expect(out.warnings).toEqual([]);
    expect(out.anglesDeg).toEqual(ANGLES);
    out.xf.forEach((x, k) => expect(maxXfDiff(x, moved.truthXf[k])).toBeLessThan(1e-6));
    ANGLES.forEach((_, k) => {
      const aligned = warpImage(view(moved.tiltSeries.data, k), N, N, out.xf[k]);
      expect(discCorrelation(aligned, view(clean.tiltSeries.data, k))).toBeGreaterThan(0.995);
    });
  });

  it("at AreTomo's own print precision (%9.3f) the .xf is within 2e-3 px", () => {
    const out = alnToXf(parseAln(alnText(rows, [N, N, ANGLES.length]), 'TS_01.aln'), { nu: N, nv: N });
    out.xf.forEach((x, k) => expect(maxXfDiff(x, moved.truthXf[k])).toBeLessThan(2e-3));
  });
});

describe('alnToXf sections, dark frames and sizes', () => {
  const row = (sec: number, txPx: number, tiltDeg: number): Row => ({
    sec,
    rotDeg: -95.5,
    txPx,
    tyPx: -2 * txPx,
    tiltDeg,
  });
  const xfOf = (txPx: number) => alnViewXf(-95.5, txPx, -2 * txPx);

  it('AreTomo2: SEC is the raw section from 0; rows in tilt order; dark frames get the identity', () => {
    // raw stack in acquisition order: tilts 0, 3, −3, 6, −6; section 3 (6°) dark
    const rows = [row(4, 5, -6), row(2, 4, -3), row(0, 1, 0), row(1, 2, 3)];
    const text = alnText(rows, [4096, 4096, 5], [{ frame: 4, sec: 3, tiltDeg: 6 }]);
    const out = alnToXf(parseAln(text, 'a.aln'), { nu: 4096, nv: 4096 });
    expect(out.excluded).toEqual([3]);
    expect(out.anglesDeg).toEqual([0, 3, -3, 6, -6]);
    expect(out.xf[3]).toEqual({ a11: 1, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 });
    [1, 2, 4, -1, 5].forEach((tx, z) => {
      if (z !== 3) expect(maxXfDiff(out.xf[z], xfOf(tx))).toBeLessThan(1e-12);
    });
  });

  it('AreTomo3: SEC and the DarkFrame section count from 1', () => {
    const rows = [row(5, 5, -6), row(3, 4, -3), row(1, 1, 0), row(2, 2, 3)];
    const text = alnText(rows, [4096, 4096, 5], [{ frame: 4, sec: 4, tiltDeg: 6 }]);
    const out = alnToXf(parseAln(text, 'a.aln'), { nu: 4096, nv: 4096 });
    expect(out.excluded).toEqual([3]);
    expect(out.anglesDeg).toEqual([0, 3, -3, 6, -6]);
    expect(maxXfDiff(out.xf[4], xfOf(5))).toBeLessThan(1e-12);
  });

  it('SEC numbering the kept views: they fill the non-dark sections in order, with a note', () => {
    const rows = [row(0, 1, -4), row(1, 2, 0), row(2, 3, 4)];
    const text = alnText(
      rows,
      [100, 100, 5],
      [
        { frame: 0, sec: 0, tiltDeg: -8 },
        { frame: 4, sec: 4, tiltDeg: 8 },
      ],
    );
    const out = alnToXf(parseAln(text, 'k.aln'), { nu: 100, nv: 100 });
    expect(out.excluded).toEqual([0, 4]);
    expect(out.anglesDeg).toEqual([-8, -4, 0, 4, 8]);
    expect(maxXfDiff(out.xf[2], xfOf(2))).toBeLessThan(1e-12);
    expect(out.warnings.join('\n')).toMatch(/SEC numbers the 3 kept views/);
  });

  it('a binned stack: shifts scale with the size, rotation unchanged, and it says so', () => {
    const text = alnText([row(0, 8, 0)], [4096, 4096, 1]);
    const out = alnToXf(parseAln(text, 'b.aln'), { nu: 1024, nv: 1024 });
    expect(maxXfDiff(out.xf[0], xfOf(2))).toBeLessThan(1e-12);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/scaled by 0\.25/);
  });

  it('refuses a stack of another shape, and sections that cannot be placed', () => {
    const text = alnText([row(0, 8, 0)], [4096, 4096, 1]);
    const e = thrown(() => alnToXf(parseAln(text, 'c.aln'), { nu: 4096, nv: 2048 }));
    expect(e.code).toBe('mismatch');
    expect(e.message).toMatch(/c\.aln aligned a 4096 × 4096 stack; this one is 4096 × 2048/);
    const twice = alnText([row(2, 1, 0), row(2, 2, 3)], [64, 64, 3]);
    const e2 = thrown(() => alnToXf(parseAln(twice, 'd.aln'), { nu: 64, nv: 64 }));
    expect(e2.code).toBe('bad-header');
    expect(e2.message).toMatch(/do not number the 3 raw sections/);
    expect(e2.message.split('\n')).toHaveLength(1);
  });
});
