import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/phantoms/index.ts';
import { SirenNet } from './sirenNet.ts';
import { initialParams, inputFeatures, paramLayout, type SirenSpec } from './sirenSpec.ts';

/** The first layer's input as the twin builds it: x, y, z, then sin/cos of 2^k π c per coordinate, zeros. */
function encoded(spec: SirenSpec, x: number, y: number, z: number): Float64Array {
  const f = new Float64Array(inputFeatures(spec).padded);
  const c = [x, y, z];
  f.set(c);
  for (let k = 0; k < (spec.encoding ?? 0); k++)
    for (let a = 0; a < 3; a++) {
      f[3 + 6 * k + 2 * a] = Math.sin(Math.PI * 2 ** k * c[a]);
      f[4 + 6 * k + 2 * a] = Math.cos(Math.PI * 2 ** k * c[a]);
    }
  return f;
}

/** The plain-JS float64 twin: forward values and the gradient of Σ g·net(x) for every parameter. */
function twin(spec: SirenSpec, p: Float32Array, pts: Float32Array, g: Float64Array) {
  const L = paramLayout(spec);
  const W = spec.width;
  const M = pts.length / 3;
  const grad = new Float64Array(p.length);
  const out = new Float64Array(M);
  for (let i = 0; i < M; i++) {
    const hs: Float64Array[] = [encoded(spec, pts[3 * i], pts[3 * i + 1], pts[3 * i + 2])];
    const ds: Float64Array[] = [];
    for (let l = 0; l <= spec.depth; l++) {
      const inp = hs[l];
      const h = new Float64Array(W);
      const d = new Float64Array(W);
      for (let j = 0; j < W; j++) {
        let z = p[L.b[l] + j];
        for (let r = 0; r < inp.length; r++) z += inp[r] * p[L.w[l] + r * W + j];
        h[j] = Math.sin(spec.omega0 * z);
        d[j] = spec.omega0 * Math.cos(spec.omega0 * z);
      }
      hs.push(h);
      ds.push(d);
    }
    const last = hs[spec.depth + 1];
    let y = p[L.outBias];
    for (let j = 0; j < W; j++) y += last[j] * p[L.out + j];
    out[i] = y;
    grad[L.outBias] += g[i];
    let dh = new Float64Array(W);
    for (let j = 0; j < W; j++) {
      grad[L.out + j] += g[i] * last[j];
      dh[j] = g[i] * p[L.out + j];
    }
    for (let l = spec.depth; l >= 0; l--) {
      const inp = hs[l];
      const dz = dh.map((v, j) => v * ds[l][j]);
      const prev = new Float64Array(inp.length);
      for (let r = 0; r < inp.length; r++)
        for (let j = 0; j < W; j++) {
          grad[L.w[l] + r * W + j] += inp[r] * dz[j];
          prev[r] += dz[j] * p[L.w[l] + r * W + j];
        }
      for (let j = 0; j < W; j++) grad[L.b[l] + j] += dz[j];
      dh = prev;
    }
  }
  return { out, grad };
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}

describe('SirenNet: the WASM SIMD kernels against a float64 JS twin', () => {
  const spec: SirenSpec = { width: 16, depth: 2, omega0: 30 };
  const rng = new Rng(3);
  const M = 13; // not a multiple of 4: the padded rows must not leak into the gradients
  const pts = Float32Array.from({ length: 3 * M }, () => rng.uniform(0, 1));
  const g = Float64Array.from({ length: M }, () => rng.uniform(-1, 1));

  it('forward values and every parameter gradient agree to float32 precision', () => {
    const p = initialParams(spec, 7);
    const net = new SirenNet(spec, p, 8);
    const y = net.forward(pts); // grows past its capacity of 8
    net.backward(Float32Array.from(g));
    const ref = twin(spec, p, pts, g);
    expect(maxRel(y, ref.out)).toBeLessThan(1e-4);
    expect(maxRel(net.gradients(), ref.grad)).toBeLessThan(1e-4);
    // the zero 4th input's weights get no gradient
    const L = paramLayout(spec);
    expect(
      Math.max(...Array.from(net.gradients().subarray(L.w[0] + 3 * 16, L.w[0] + 4 * 16), Math.abs)),
    ).toBe(0);
  });

  it('with a positional encoding of 3 frequencies too (21 inputs padded to 24)', () => {
    const enc: SirenSpec = { width: 16, depth: 1, omega0: 30, encoding: 3 };
    const p = initialParams(enc, 4);
    const net = new SirenNet(enc, p, 16);
    const y = net.forward(pts);
    net.backward(Float32Array.from(g));
    const ref = twin(enc, p, pts, g);
    expect(maxRel(y, ref.out)).toBeLessThan(1e-4);
    expect(maxRel(net.gradients(), ref.grad)).toBeLessThan(1e-4);
  });

  it('batches over one weight-gradient block (150 points: blocks of 128 + 24) at width 24 (3 tiles of 8)', () => {
    const wide: SirenSpec = { width: 24, depth: 2, omega0: 30 };
    const r = new Rng(5);
    const n = 150;
    const many = Float32Array.from({ length: 3 * n }, () => r.uniform(0, 1));
    const gm = Float64Array.from({ length: n }, () => r.uniform(-1, 1));
    const p = initialParams(wide, 9);
    const net = new SirenNet(wide, p, n);
    const y = net.forward(many);
    net.backward(Float32Array.from(gm));
    const ref = twin(wide, p, many, gm);
    expect(maxRel(y, ref.out)).toBeLessThan(1e-4);
    expect(maxRel(net.gradients(), ref.grad)).toBeLessThan(1e-4);
  });

  it('sines stay accurate for the large arguments ω0 = 30 gives (|ω0·z| up to ~3000)', () => {
    const big: SirenSpec = { width: 8, depth: 0, omega0: 300 };
    const p = initialParams(big, 1).map((v) => v * 30);
    const net = new SirenNet(big, p, 16);
    const ref = twin(big, p, pts, g);
    expect(maxRel(net.forward(pts), ref.out)).toBeLessThan(1e-3);
  });

  it('Adam (amsgrad) follows torch.optim.AdamW(amsgrad=True, weight_decay=0) on a quadratic', () => {
    // minimise Σ (net - 0.5)² from the same start: the loss must fall by orders of magnitude
    const p = initialParams({ width: 8, depth: 1, omega0: 30 }, 2);
    const net = new SirenNet({ width: 8, depth: 1, omega0: 30 }, p, 16);
    const loss = (): number => net.forward(pts).reduce((s, v) => s + (v - 0.5) ** 2, 0);
    const first = loss();
    for (let t = 0; t < 300; t++) {
      const y = net.forward(pts);
      net.backward(y.map((v) => 2 * (v - 0.5)));
      net.adam(1e-3);
    }
    expect(loss()).toBeLessThan(first / 100);
  });
});
