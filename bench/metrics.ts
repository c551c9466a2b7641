// Metrics benchmark: PSNR, SSIM, VIF and FSC on 128³ and 256³ volume pairs, timed in-process (no file
// I/O), and scikit-image's PSNR/SSIM on the same data in the same run when /usr/bin/python3 has it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataRangeOf, fsc, psnr, ssim3d, vif, type VolumeInput } from '../src/core/metrics/index.ts';
import type { BenchResult } from './types.ts';

const SIZES = [128, 256];
const PY = '/usr/bin/python3';
const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'skimage_metrics.py');

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Solid spheres of varied density (sharp edges, all frequencies) rasterised in their bounding boxes. */
export function spheresTruth(n: number, count = 60, seed = 1): VolumeInput {
  const data = new Float32Array(n * n * n);
  const rand = lcg(seed);
  for (let k = 0; k < count; k++) {
    const r = n * (0.03 + 0.07 * rand());
    const [cx, cy, cz] = [0, 0, 0].map(() => r + rand() * (n - 2 * r));
    const density = 0.2 + rand();
    for (let z = Math.floor(cz - r); z <= Math.ceil(cz + r); z++)
      for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
        for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
          if (x < 0 || y < 0 || z < 0 || x >= n || y >= n || z >= n) continue;
          if ((x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= r * r) data[x + n * (y + n * z)] += density;
        }
  }
  return { nx: n, ny: n, nz: n, data };
}

/** A "reconstruction": [1 2 1]/4 blur along each axis plus uniform noise. */
export function degraded(t: VolumeInput, noise: number, seed = 2): VolumeInput {
  const { nx, ny, nz } = t;
  let src = Float32Array.from(t.data);
  let dst = new Float32Array(src.length);
  for (const stride of [1, nx, nx * ny]) {
    const len = stride === 1 ? nx : stride === nx ? ny : nz;
    for (let i = 0; i < src.length; i++) {
      const c = Math.floor(i / stride) % len;
      const lo = c > 0 ? src[i - stride] : src[i];
      const hi = c < len - 1 ? src[i + stride] : src[i];
      dst[i] = 0.25 * lo + 0.5 * src[i] + 0.25 * hi;
    }
    [src, dst] = [dst, src];
  }
  const rand = lcg(seed);
  for (let i = 0; i < src.length; i++) src[i] += noise * (rand() - 0.5);
  return { nx, ny, nz, data: src };
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, (performance.now() - t0) / 1000];
}

function hasSkimage(): boolean {
  try {
    execFileSync(PY, ['-c', 'import skimage.metrics'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface SkimageOut {
  version: string;
  psnr: number;
  ssim: number;
  psnr_s: number;
  ssim_s: number;
}

function runSkimage(dir: string, truth: VolumeInput, rec: VolumeInput): SkimageOut {
  const tPath = join(dir, 'truth.f32');
  const rPath = join(dir, 'rec.f32');
  // Float32Array bytes are little-endian on every platform Node runs on here
  writeFileSync(tPath, new Uint8Array(truth.data.buffer, truth.data.byteOffset, truth.data.byteLength));
  writeFileSync(rPath, new Uint8Array(rec.data.buffer, rec.data.byteOffset, rec.data.byteLength));
  const out = execFileSync(PY, [SCRIPT, tPath, rPath, String(truth.nx), String(truth.ny), String(truth.nz)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as SkimageOut;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

export async function benchMetrics(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const skimage = hasSkimage();
  if (!skimage)
    console.error('bench metrics: /usr/bin/python3 has no skimage; the comparison rows are skipped');
  const dir = mkdtempSync(join(tmpdir(), 'wedgelab-bench-metrics-'));
  try {
    for (const n of SIZES) {
      const truth = spheresTruth(n);
      const rec = degraded(truth, 0.5);
      const dataRange = dataRangeOf(truth);
      const [p, psnrS] = timed(() => psnr(truth, rec, dataRange));
      const [s, ssimS] = timed(() => ssim3d(truth, rec, { dataRange }));
      const [v, vifS] = timed(() => vif(truth, rec));
      const [f, fscS] = timed(() => fsc(rec, truth));
      results.push({
        name: `metrics ${n}³`,
        command: `wedgelab metrics rec.mrc --ref truth.mrc (in-process, ${n}³, no file I/O)`,
        seconds: psnrS + ssimS + vifS + fscS,
        details: {
          psnr_s: psnrS,
          ssim_s: ssimS,
          vif_s: vifS,
          fsc_s: fscS,
          psnr: p,
          ssim: s,
          vif: v,
          fsc143_perPx: f.fsc143?.freqPerPx ?? 'not crossed',
        },
      });
      if (!skimage) continue;
      const sk = runSkimage(dir, truth, rec);
      results.push({
        name: `skimage ${n}³ (PSNR+SSIM)`,
        command: `python3 bench/skimage_metrics.py (scikit-image ${sk.version})`,
        seconds: sk.psnr_s + sk.ssim_s,
        details: {
          psnr_s: sk.psnr_s,
          ssim_s: sk.ssim_s,
          ours_psnr_ssim_s: psnrS + ssimS,
          psnr_rel_diff: rel(p, sk.psnr),
          ssim_rel_diff: rel(s, sk.ssim),
        },
        target: 'PSNR, SSIM within 1%',
        met: rel(p, sk.psnr) < 0.01 && rel(s, sk.ssim) < 0.01,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
