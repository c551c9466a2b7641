// AssemblyScript source of the SIREN training kernels (WASM SIMD), built by scripts/build-wasm.js into
// siren.wasm.ts. Raw pointers into linear memory; the caller (../sirenNet.ts) lays the buffers out.
// Row-major float32 everywhere. gemm needs M % 4 == 0 and N % 8 == 0 (the caller pads).

/** gemm's epilogues (`mode`): what it does with each 4 × 8 tile t of A·B. */
const STORE = 0; // C = t
const ACCUMULATE = 1; // C += t
const SINE = 2; // C = sin(ω·(t + bias[p1])), p2 = ω·cos(ω·(t + bias)): the sine layer, fused
const TIMES = 3; // C = t ⊙ p1 (M×N), p2[j] = Σ_i C(i, j): dZ = dH ⊙ ω cos(ω z) and its bias gradient, fused

/**
 * C[M×N] = epilogue(A·B), with A(r, k) = A[r·sr + k·sk] (so Xᵀ is A with sr = 1) and
 * B(k, j) = B[(j >> 3)·bp + k·bk + (j & 7)]: row-major is bk = N, bp = 8; panels (packPanels) are bk = 8,
 * bp = 8·K. The epilogues (STORE, ACCUMULATE, SINE, TIMES above) save a pass over C each, while the tile
 * is in L1. A 4 × 8 register tile: 8 accumulators, 2 B vectors, 1 broadcast A. (V8 11 spills a
 * 12-accumulator tile, 6 × 8 or 4 × 12, and runs it ~40% slower; 2 × 16 is no faster than 4 × 8; unrolling
 * k is slower.)
 */
export function gemm(
  a: usize,
  sr: i32,
  sk: i32,
  b: usize,
  bk: i32,
  bp: i32,
  c: usize,
  M: i32,
  N: i32,
  K: i32,
  mode: i32,
  p1: usize,
  p2: usize,
  omega: f32,
): void {
  if (mode == TIMES) memory.fill(p2, 0, (<usize>N) << 2);
  const dsr = (<usize>sr) << 2;
  const dsk = (<usize>sk) << 2;
  const dn = (<usize>N) << 2;
  const dbk = (<usize>bk) << 2;
  const dbp = (<usize>bp) << 2;
  for (let i = 0; i < M; i += 4) {
    for (let j = 0; j < N; j += 8) {
      let c00 = f32x4.splat(0);
      let c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0);
      let c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0);
      let c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0);
      let c31 = f32x4.splat(0);
      let pa = a + <usize>i * dsr;
      let pb = b + <usize>(j >> 3) * dbp;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        // load32_splat is a broadcast from memory (no shuffle µop): 20% faster than splat(load) in V8 11
        let av = v128.load32_splat(pa);
        c00 = f32x4.add(c00, f32x4.mul(av, b0));
        c01 = f32x4.add(c01, f32x4.mul(av, b1));
        av = v128.load32_splat(pa + dsr);
        c10 = f32x4.add(c10, f32x4.mul(av, b0));
        c11 = f32x4.add(c11, f32x4.mul(av, b1));
        av = v128.load32_splat(pa + 2 * dsr);
        c20 = f32x4.add(c20, f32x4.mul(av, b0));
        c21 = f32x4.add(c21, f32x4.mul(av, b1));
        av = v128.load32_splat(pa + 3 * dsr);
        c30 = f32x4.add(c30, f32x4.mul(av, b0));
        c31 = f32x4.add(c31, f32x4.mul(av, b1));
        pa += dsk;
        pb += dbk;
      }
      const pc = c + ((<usize>(i * N + j)) << 2);
      if (mode == ACCUMULATE) {
        c00 = f32x4.add(c00, v128.load(pc));
        c01 = f32x4.add(c01, v128.load(pc, 16));
        c10 = f32x4.add(c10, v128.load(pc + dn));
        c11 = f32x4.add(c11, v128.load(pc + dn, 16));
        c20 = f32x4.add(c20, v128.load(pc + 2 * dn));
        c21 = f32x4.add(c21, v128.load(pc + 2 * dn, 16));
        c30 = f32x4.add(c30, v128.load(pc + 3 * dn));
        c31 = f32x4.add(c31, v128.load(pc + 3 * dn, 16));
      } else if (mode == TIMES) {
        const pd = p1 + (pc - c);
        c00 = f32x4.mul(c00, v128.load(pd));
        c01 = f32x4.mul(c01, v128.load(pd, 16));
        c10 = f32x4.mul(c10, v128.load(pd + dn));
        c11 = f32x4.mul(c11, v128.load(pd + dn, 16));
        c20 = f32x4.mul(c20, v128.load(pd + 2 * dn));
        c21 = f32x4.mul(c21, v128.load(pd + 2 * dn, 16));
        c30 = f32x4.mul(c30, v128.load(pd + 3 * dn));
        c31 = f32x4.mul(c31, v128.load(pd + 3 * dn, 16));
        const ps = p2 + ((<usize>j) << 2);
        v128.store(ps, f32x4.add(v128.load(ps), f32x4.add(f32x4.add(c00, c10), f32x4.add(c20, c30))));
        v128.store(ps, f32x4.add(v128.load(ps, 16), f32x4.add(f32x4.add(c01, c11), f32x4.add(c21, c31))), 16);
      }
      v128.store(pc, c00);
      v128.store(pc, c01, 16);
      v128.store(pc + dn, c10);
      v128.store(pc + dn, c11, 16);
      v128.store(pc + 2 * dn, c20);
      v128.store(pc + 2 * dn, c21, 16);
      v128.store(pc + 3 * dn, c30);
      v128.store(pc + 3 * dn, c31, 16);
      if (mode == SINE) {
        // the tile is in L1 now: one small loop keeps the hot loop's registers free of the sine's
        const pd = p2 + (pc - c);
        const pb = p1 + ((<usize>j) << 2);
        const t = constants; // a local: V8 reloads a mutable global at every use
        for (let v: usize = 0; v < 8; v++) {
          const o = (v >> 1) * dn + ((v & 1) << 4);
          sineStore(pc + o, pb + ((v & 1) << 4), pd + o, omega, t);
        }
      }
    }
  }
}

/**
 * p[(j >> 3)·8K + 8k + (j & 7)] = x[k·N + j]: a K×N row-major block as 8-column panels, each contiguous,
 * N % 8 == 0. The weight-gradient product reads its B (a block of dZ) so: 11% faster than strided rows,
 * whose 1 kB stride maps every row into the same few L1 sets.
 */
export function packPanels(x: usize, p: usize, K: i32, N: i32): void {
  // two panels per pass (a 64-byte line of x in, two sequential streams out): stores or loads that stride
  // by 1–4 kB land in the same L1 sets and run 3× slower
  const dk = (<usize>K) << 5;
  const dn = (<usize>N) << 2;
  let j = 0;
  for (; j + 16 <= N; j += 16) {
    let s = x + ((<usize>j) << 2);
    let d = p + <usize>(j >> 3) * dk;
    for (let k = 0; k < K; k++) {
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
      v128.store(d + dk, v128.load(s, 32));
      v128.store(d + dk, v128.load(s, 48), 16);
      s += dn;
      d += 32;
    }
  }
  if (j < N) {
    let s = x + ((<usize>j) << 2);
    let d = p + <usize>(j >> 3) * dk;
    for (let k = 0; k < K; k++) {
      v128.store(d, v128.load(s));
      v128.store(d, v128.load(s, 16), 16);
      s += dn;
      d += 32;
    }
  }
}

// x = k·π + r with |r| ≤ π/2: sin x = (−1)^k sin r, cos x = (−1)^k cos r, so no quadrant selects. π in
// three parts (Cody–Waite: the first has 8 bits, so k·PI_A is exact for |k| < 2^15), and near-minimax
// polynomials on [−π/2, π/2] (fitted by reweighted least squares on Chebyshev nodes): sin of degree 9
// (error 5e-9), cos of degree 10 (4e-10); in float32 the error is ≈ 1e-7 absolute for |x| < 6000.
const PI_A: f32 = 3.140625;
const PI_B: f32 = 9.67502593994140625e-4;
const PI_C: f32 = 1.509957990978376432e-7;
const INV_PI: f32 = 0.318309886183790672;
const ROUND_MAGIC: f32 = 12582912; // 1.5·2^23
const S1: f32 = -0.16666657096233684;
const S2: f32 = 0.008333017286342989;
const S3: f32 = -0.000198066148897389;
const S4: f32 = 2.6000541794839876e-6;
const C2: f32 = 0.041666655772842086;
const C3: f32 = -0.001388856915610001;
const C4: f32 = 2.4769303915284113e-5;
const C5: f32 = -2.619380930354246e-7;

/** The sine's constants, splatted, in linear memory (CONSTANT_BYTES there, see setConstants). */
let constants: usize = 0;
export const CONSTANT_BYTES = 16 * 15;

/**
 * Writes the sine's constants at p (CONSTANT_BYTES, 16-byte aligned, kept for the module's life) and uses
 * them from there: a load each, where V8 11 rebuilds a v128 constant from immediates with 2–3 instructions
 * at every use (the sine runs ~6% faster so). Call it before gemm's SINE epilogue.
 */
export function setConstants(p: usize): void {
  constants = p;
  v128.store(p, f32x4.splat(<f32>INV_PI), 0);
  v128.store(p, f32x4.splat(<f32>ROUND_MAGIC), 16);
  v128.store(p, f32x4.splat(<f32>PI_A), 32);
  v128.store(p, f32x4.splat(<f32>PI_B), 48);
  v128.store(p, f32x4.splat(<f32>PI_C), 64);
  v128.store(p, f32x4.splat(<f32>S4), 80);
  v128.store(p, f32x4.splat(<f32>S3), 96);
  v128.store(p, f32x4.splat(<f32>S2), 112);
  v128.store(p, f32x4.splat(<f32>S1), 128);
  v128.store(p, f32x4.splat(<f32>C5), 144);
  v128.store(p, f32x4.splat(<f32>C4), 160);
  v128.store(p, f32x4.splat(<f32>C3), 176);
  v128.store(p, f32x4.splat(<f32>C2), 192);
  v128.store(p, f32x4.splat(<f32>-0.5), 208);
  v128.store(p, f32x4.splat(<f32>1), 224);
}

/**
 * z[0..4) ← sin(ω·(z + bias)), d[0..4) ← ω·cos(ω·(z + bias)). It has one call site, so Binaryen inlines it
 * (an @inline decorator would do too, but prettier cannot parse one on a function).
 */
function sineStore(z: usize, bias: usize, d: usize, omega: f32, tab: usize): void {
  const w = f32x4.splat(omega);
  const x = f32x4.mul(w, f32x4.add(v128.load(z), v128.load(bias)));
  // k = round(x/π) by adding 1.5·2^23 (ulp 1, so the add rounds to nearest even; the float's lowest
  // mantissa bit is then k's parity): 2 ops instead of nearest + trunc_sat (~7 in V8), |k| < 2^22
  const kf = f32x4.add(f32x4.mul(x, v128.load(tab, 0)), v128.load(tab, 16));
  const k = f32x4.sub(kf, v128.load(tab, 16));
  const sign = i32x4.shl(kf, 31); // (−1)^k as a sign bit
  let r = f32x4.sub(x, f32x4.mul(k, v128.load(tab, 32)));
  r = f32x4.sub(r, f32x4.mul(k, v128.load(tab, 48)));
  r = f32x4.sub(r, f32x4.mul(k, v128.load(tab, 64)));
  const r2 = f32x4.mul(r, r);
  let ps = f32x4.add(f32x4.mul(r2, v128.load(tab, 80)), v128.load(tab, 96));
  ps = f32x4.add(f32x4.mul(ps, r2), v128.load(tab, 112));
  ps = f32x4.add(f32x4.mul(ps, r2), v128.load(tab, 128));
  const s = f32x4.add(r, f32x4.mul(f32x4.mul(r2, r), ps));
  let pc = f32x4.add(f32x4.mul(r2, v128.load(tab, 144)), v128.load(tab, 160));
  pc = f32x4.add(f32x4.mul(pc, r2), v128.load(tab, 176));
  pc = f32x4.add(f32x4.mul(pc, r2), v128.load(tab, 192));
  pc = f32x4.add(f32x4.mul(pc, r2), v128.load(tab, 208));
  const c = f32x4.add(f32x4.mul(pc, r2), v128.load(tab, 224));
  v128.store(z, v128.xor(s, sign));
  v128.store(d, f32x4.mul(v128.xor(c, sign), w));
}

/** out[i] = b + Σ_k x[i·K + k]·w[k] (the linear output layer), K % 4 == 0. */
export function matVec(x: usize, w: usize, b: f32, out: usize, M: i32, K: i32): void {
  for (let i = 0; i < M; i++) {
    let s = f32x4.splat(0);
    const row = x + ((<usize>(i * K)) << 2);
    for (let k = 0; k < K; k += 4)
      s = f32x4.add(s, f32x4.mul(v128.load(row + ((<usize>k) << 2)), v128.load(w + ((<usize>k) << 2))));
    store<f32>(
      out + ((<usize>i) << 2),
      b +
        f32x4.extract_lane(s, 0) +
        f32x4.extract_lane(s, 1) +
        f32x4.extract_lane(s, 2) +
        f32x4.extract_lane(s, 3),
    );
  }
}

/**
 * dz[i·K + k] = g[i]·w[k]·d[i·K + k] and colSum[k] = Σ_i dz[i·K + k]: the output layer's input gradient
 * times the last sine's derivative, and that layer's bias gradient, in one pass. K % 4 == 0.
 */
export function outerTimes(g: usize, w: usize, d: usize, dz: usize, colSum: usize, M: i32, K: i32): void {
  memory.fill(colSum, 0, (<usize>K) << 2);
  for (let i = 0; i < M; i++) {
    const gi = v128.load32_splat(g + ((<usize>i) << 2));
    const row = (<usize>(i * K)) << 2;
    for (let k = 0; k < K; k += 4) {
      const o = (<usize>k) << 2;
      const v = f32x4.mul(f32x4.mul(gi, v128.load(w + o)), v128.load(d + row + o));
      v128.store(dz + row + o, v);
      v128.store(colSum + o, f32x4.add(v128.load(colSum + o), v));
    }
  }
}

/** out[k] (+)= Σ_i x[i·K + k]·g[i] (the output layer's weight gradient), K % 4 == 0. */
export function matTVec(x: usize, g: usize, out: usize, M: i32, K: i32, acc: i32): void {
  if (!acc) memory.fill(out, 0, (<usize>K) << 2);
  for (let i = 0; i < M; i++) {
    const gi = f32x4.splat(load<f32>(g + ((<usize>i) << 2)));
    const row = x + ((<usize>(i * K)) << 2);
    for (let k = 0; k < K; k += 4) {
      const o = out + ((<usize>k) << 2);
      v128.store(o, f32x4.add(v128.load(o), f32x4.mul(gi, v128.load(row + ((<usize>k) << 2)))));
    }
  }
}

/** wt[j·K + k] = w[k·N + j]. */
export function transpose(w: usize, wt: usize, K: i32, N: i32): void {
  for (let k = 0; k < K; k++)
    for (let j = 0; j < N; j++)
      store<f32>(wt + ((<usize>(j * K + k)) << 2), load<f32>(w + ((<usize>(k * N + j)) << 2)));
}

/**
 * One AdamW step with amsgrad and no weight decay (torch.optim.AdamW(amsgrad=True, weight_decay=0)):
 * m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; vmax ← max(vmax, v); p ← p − lr·(m/bc1)/(√(vmax/bc2) + ε).
 * n % 4 == 0.
 */
export function adamStep(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  vmax: usize,
  n: i32,
  lr: f32,
  b1: f32,
  b2: f32,
  eps: f32,
  bc1: f32,
  bc2: f32,
): void {
  const B1 = f32x4.splat(b1);
  const B1c = f32x4.splat(1 - b1);
  const B2 = f32x4.splat(b2);
  const B2c = f32x4.splat(1 - b2);
  const step = f32x4.splat(lr / bc1);
  const ib2 = f32x4.splat(1 / bc2);
  const E = f32x4.splat(eps);
  for (let i = 0; i < n; i += 4) {
    const o = (<usize>i) << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(B1c, gi));
    const vi = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(B2c, f32x4.mul(gi, gi)));
    const vm = f32x4.max(v128.load(vmax + o), vi);
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(vmax + o, vm);
    const den = f32x4.add(f32x4.sqrt(f32x4.mul(vm, ib2)), E);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(step, mi), den)));
  }
}
