/**
 * A small built-in demo tilt series so the workbench opens showing something. Deterministic and cheap
 * (128 × 128 × 41, ±60° in 3° steps, ~100 ms). A later issue replaces it with the simulator.
 *
 * The specimen is a handful of 3D Gaussians (blobs, elongated "filaments", dense gold beads) inside a
 * slab of ice. A 3D Gaussian projects analytically to a 2D Gaussian: with P the 2×3 projection onto
 * the detector, mean Pμ, covariance PΣPᵀ and the same total mass. The slab's path length grows as
 * t / cos θ. Images are shown like EM data: dense matter dark, plus a little seeded noise.
 *
 * Demo geometry only (tilt about the y axis, x' = x cos θ + z sin θ); the project's convention is in
 * docs/geometry.md.
 */
import type { TiltSeries } from '../types.ts';

export interface DemoOptions {
  size?: number;
  minAngleDeg?: number;
  maxAngleDeg?: number;
  stepDeg?: number;
  /** noise standard deviation relative to the ice signal; 0 for none */
  noise?: number;
  seed?: number;
}

interface Blob3 {
  /** centre, as a fraction of the box half-size */
  c: [number, number, number];
  /** standard deviations along the principal axes, fraction of the box size */
  s: [number, number, number];
  /** rotation of the principal axes about z, then about y (radians) */
  rotZ: number;
  rotY: number;
  /** density */
  rho: number;
}

const BLOBS: Blob3[] = [
  { c: [-0.35, -0.3, 0.05], s: [0.07, 0.07, 0.07], rotZ: 0, rotY: 0, rho: 1 },
  { c: [0.3, -0.25, -0.1], s: [0.05, 0.09, 0.05], rotZ: 0.6, rotY: 0.3, rho: 1.1 },
  { c: [0.05, 0.25, 0.0], s: [0.1, 0.05, 0.06], rotZ: -0.4, rotY: 0, rho: 0.9 },
  { c: [-0.25, 0.4, -0.12], s: [0.04, 0.04, 0.04], rotZ: 0, rotY: 0, rho: 1.3 },
  // a long thin filament crossing the field
  { c: [0.0, 0.0, 0.08], s: [0.38, 0.018, 0.018], rotZ: 0.75, rotY: 0.2, rho: 3 },
  { c: [0.4, 0.45, 0.1], s: [0.06, 0.04, 0.08], rotZ: 1.2, rotY: -0.5, rho: 0.8 },
  { c: [-0.5, 0.05, -0.05], s: [0.03, 0.12, 0.03], rotZ: 0.1, rotY: 0.4, rho: 0.9 },
  // gold beads: small and dense
  { c: [-0.6, -0.6, 0.15], s: [0.012, 0.012, 0.012], rotZ: 0, rotY: 0, rho: 12 },
  { c: [0.62, -0.55, -0.15], s: [0.012, 0.012, 0.012], rotZ: 0, rotY: 0, rho: 12 },
  { c: [0.55, 0.7, 0.12], s: [0.012, 0.012, 0.012], rotZ: 0, rotY: 0, rho: 12 },
  { c: [-0.7, 0.6, -0.1], s: [0.012, 0.012, 0.012], rotZ: 0, rotY: 0, rho: 12 },
];

/** Deterministic PRNG (mulberry32) and a Box–Muller normal. */
function normalRng(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

type M3 = number[][];
const mul = (a: M3, b: M3): M3 =>
  a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
const transpose = (a: M3): M3 => a[0].map((_, j) => a.map((row) => row[j]));

/** Covariance (in pixels²) and mass of a blob in a box of n pixels. */
function blobCovariance(b: Blob3, n: number): M3 {
  const cz = Math.cos(b.rotZ);
  const sz = Math.sin(b.rotZ);
  const cy = Math.cos(b.rotY);
  const sy = Math.sin(b.rotY);
  const rz: M3 = [
    [cz, -sz, 0],
    [sz, cz, 0],
    [0, 0, 1],
  ];
  const ry: M3 = [
    [cy, 0, sy],
    [0, 1, 0],
    [-sy, 0, cy],
  ];
  const r = mul(ry, rz);
  const d: M3 = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? (b.s[i] * n) ** 2 : 0)));
  return mul(mul(r, d), transpose(r));
}

export function demoTiltAngles(min = -60, max = 60, step = 3): number[] {
  const count = Math.round((max - min) / step) + 1;
  return Array.from({ length: count }, (_, i) => min + i * step);
}

/** The built-in demo: a tilt series with its angles in the per-view metadata. */
export function generateDemoTiltSeries(opts: DemoOptions = {}): TiltSeries {
  const n = opts.size ?? 128;
  const angles = demoTiltAngles(opts.minAngleDeg, opts.maxAngleDeg, opts.stepDeg);
  const noise = opts.noise ?? 0.03;
  const rand = normalRng(opts.seed ?? 1234);
  const half = n / 2;
  const iceThickness = 0.35 * n;
  const data = new Float32Array(n * n * angles.length);
  const img = new Float64Array(n * n);

  angles.forEach((angleDeg, v) => {
    const t = (angleDeg * Math.PI) / 180;
    // detector u = x cos t + z sin t, detector v = y
    const p: M3 = [
      [Math.cos(t), 0, Math.sin(t)],
      [0, 1, 0],
    ];
    img.fill(0);
    for (const b of BLOBS) {
      const cov = mul(mul(p, blobCovariance(b, n)), transpose(p));
      const mu = [b.c[0] * half, b.c[1] * half, b.c[2] * half];
      const mu2 = [p[0][0] * mu[0] + p[0][2] * mu[2], mu[1]];
      const [a, bb, c] = [cov[0][0], cov[0][1], cov[1][1]];
      const det = a * c - bb * bb;
      const mass = b.rho * (2 * Math.PI) ** 1.5 * b.s[0] * b.s[1] * b.s[2] * n ** 3;
      const norm = mass / (2 * Math.PI * Math.sqrt(det));
      const [ia, ib, ic] = [c / det, -bb / det, a / det];
      const reach = 4 * Math.sqrt(Math.max(a, c));
      const x0 = Math.max(0, Math.floor(mu2[0] + half - reach));
      const x1 = Math.min(n - 1, Math.ceil(mu2[0] + half + reach));
      const y0 = Math.max(0, Math.floor(mu2[1] + half - reach));
      const y1 = Math.min(n - 1, Math.ceil(mu2[1] + half + reach));
      for (let y = y0; y <= y1; y++) {
        const dy = y + 0.5 - half - mu2[1];
        for (let x = x0; x <= x1; x++) {
          const dx = x + 0.5 - half - mu2[0];
          img[x + n * y] += norm * Math.exp(-0.5 * (ia * dx * dx + 2 * ib * dx * dy + ic * dy * dy));
        }
      }
    }
    const ice = iceThickness / Math.cos(t);
    const offset = v * n * n;
    for (let i = 0; i < n * n; i++) {
      // EM-like contrast: transmitted intensity falls with projected density
      const signal = Math.exp(-0.004 * ice - 0.01 * img[i]);
      data[offset + i] = signal * (1 + noise * rand());
    }
  });

  return {
    nx: n,
    ny: n,
    nviews: angles.length,
    data,
    pixelSizeA: 10,
    views: angles.map((angleDeg, i) => ({ angleDeg, acquisitionIndex: i })),
    tiltAxisAngleDeg: 0,
  };
}
