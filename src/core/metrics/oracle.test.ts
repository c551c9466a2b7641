// PSNR, SSIM and VIF against Python oracles: scikit-image 0.19 for PSNR/SSIM, an inline numpy/scipy VIFp.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasPythonModule } from '../../testing/sharedData.ts';
import { psnr } from './psnr.ts';
import { ssim3d } from './ssim.ts';
import { vif } from './vif.ts';
import { addNoise, blobPhantom, boxBlur, gaussianNoise, vol } from './testVolumes.ts';
import type { VolumeInput } from './volumeInput.ts';

const hasSkimage = hasPythonModule('skimage');
const hasScipy = hasPythonModule('scipy.ndimage');
if (!hasSkimage) console.warn('[metrics tests] python3 skimage is absent: skimage comparisons are skipped');

// Arrays are raw float32, x fastest, so numpy shape (nz, ny, nx). Everything is computed in float64.
const PY = String.raw`
import sys, json
import numpy as np
from scipy.ndimage import gaussian_filter
from skimage.metrics import structural_similarity, peak_signal_noise_ratio

def vifp_slice(ref, dist, cumulative, sigma_nsq=2.0):
    eps = 1e-10
    num = den = 0.0
    r, d = ref, dist
    for scale in range(1, 5):
        N = 2.0 ** (4 - scale + 1) + 1
        n = int(np.round(N / 2.0))
        S = N / 5
        T = (((N - 1) / 2) - 0.5) / S
        f = lambda x: gaussian_filter(x, sigma=S, truncate=T)
        if scale > 1:
            src_r, src_d = (r, d) if cumulative else (ref, dist)
            r, d = f(src_r)[::2, ::2], f(src_d)[::2, ::2]
        mu1, mu2 = f(r), f(d)
        s1 = f(r * r) - mu1 * mu1
        s2 = f(d * d) - mu2 * mu2
        s12 = f(r * d) - mu1 * mu2
        s1[s1 < 0] = 0
        s2[s2 < 0] = 0
        g = s12 / (s1 + eps)
        sv = s2 - g * s12
        m = s1 < eps
        g[m] = 0; sv[m] = s2[m]; s1[m] = 0
        m = s2 < eps
        g[m] = 0; sv[m] = 0
        m = g < 0
        sv[m] = s2[m]; g[m] = 0
        sv[sv <= eps] = eps
        num += np.sum(np.log10(1.0 + g * g * s1 / (sv + sigma_nsq))[n:-n, n:-n])
        den += np.sum(np.log10(1.0 + s1 / sigma_nsq)[n:-n, n:-n])
    return num, den

out = []
for job in json.load(open(sys.argv[1])):
    shape = (job['nz'], job['ny'], job['nx'])
    a = np.fromfile(job['a'], dtype=np.float32).reshape(shape).astype(np.float64)
    b = np.fromfile(job['b'], dtype=np.float32).reshape(shape).astype(np.float64)
    rng = a.max() - a.min()
    res = {
        'psnr': float(peak_signal_noise_ratio(a, b, data_range=rng)),
        'ssim': float(structural_similarity(a, b, data_range=rng, gaussian_weights=True, sigma=1.5,
                                            use_sample_covariance=False)),
    }
    pooled = [vifp_slice(a[z], b[z], True) for z in range(shape[0])]
    res['vif'] = float(sum(p[0] for p in pooled) / sum(p[1] for p in pooled))
    sew = [vifp_slice(a[z], b[z], False) for z in range(shape[0])]
    res['vifSewar'] = float(np.mean([p[0] / p[1] for p in sew]))
    a8, b8 = (a - a.min()) * 255 / rng, (b - a.min()) * 255 / rng
    p8 = [vifp_slice(a8[z], b8[z], True) for z in range(shape[0])]
    res['vif255'] = float(sum(p[0] for p in p8) / sum(p[1] for p in p8))
    out.append(res)
print(json.dumps(out))
`;

interface OracleResult {
  psnr: number;
  ssim: number;
  vif: number;
  vifSewar: number;
  vif255: number;
}

const dir = mkdtempSync(join(tmpdir(), 'wedgelab-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runOracle(pairs: [VolumeInput, VolumeInput][]): OracleResult[] {
  const jobs = pairs.map(([a, b], i) => {
    const pa = join(dir, `a${i}.f32`);
    const pb = join(dir, `b${i}.f32`);
    writeFileSync(pa, new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength));
    writeFileSync(pb, new Uint8Array(b.data.buffer, b.data.byteOffset, b.data.byteLength));
    return { nx: a.nx, ny: a.ny, nz: a.nz, a: pa, b: pb };
  });
  const jobFile = join(dir, 'jobs.json');
  writeFileSync(jobFile, JSON.stringify(jobs));
  const script = join(dir, 'oracle.py');
  writeFileSync(script, PY);
  const text = execFileSync('/usr/bin/python3', [script, jobFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(text) as OracleResult[];
}

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / Math.abs(want);
}

const truth = blobPhantom(32, 32, 32, 1);
const small = blobPhantom(24, 20, 16, 2);
const cases: [string, VolumeInput, VolumeInput][] = [
  ['low noise', truth, addNoise(truth, 0.02, 11)],
  ['high noise', truth, addNoise(truth, 0.3, 12)],
  ['blurred', truth, boxBlur(truth)],
  ['blurred + noise', truth, addNoise(boxBlur(truth), 0.1, 13)],
  ['non-cubic 24×20×16, noise', small, addNoise(small, 0.1, 14)],
  [
    'independent noise',
    vol(24, 20, 16, gaussianNoise(24 * 20 * 16, 1, 5)),
    vol(24, 20, 16, gaussianNoise(24 * 20 * 16, 1, 6)),
  ],
];

describe.skipIf(!hasSkimage || !hasScipy)('metrics vs scikit-image / numpy oracles', () => {
  const want = hasSkimage && hasScipy ? runOracle(cases.map(([, a, b]) => [a, b])) : [];
  const report: string[] = [];
  afterAll(() => console.log(`[metrics oracle] relative errors\n${report.join('\n')}`));

  cases.forEach(([name, a, b], i) => {
    it(`PSNR, SSIM and VIF agree: ${name}`, () => {
      const got = {
        psnr: psnr(a, b),
        ssim: ssim3d(a, b),
        vif: vif(a, b),
        vifSewar: vif(a, b, { mode: 'sewar' }),
        vif255: vif(a, b, { scaleTo255: true }),
      };
      const w = want[i];
      const errs = {
        psnr: relErr(got.psnr, w.psnr),
        ssim: relErr(got.ssim, w.ssim),
        vif: relErr(got.vif, w.vif),
        vifSewar: relErr(got.vifSewar, w.vifSewar),
        vif255: relErr(got.vif255, w.vif255),
      };
      report.push(
        `${name}: psnr ${got.psnr.toFixed(4)} vs ${w.psnr.toFixed(4)} (${errs.psnr.toExponential(1)}), ` +
          `ssim ${got.ssim.toFixed(5)} vs ${w.ssim.toFixed(5)} (${errs.ssim.toExponential(1)}), ` +
          `vif ${got.vif.toFixed(5)} vs ${w.vif.toFixed(5)} (${errs.vif.toExponential(1)}), ` +
          `vif[sewar] ${errs.vifSewar.toExponential(1)}, vif[0-255] ${got.vif255.toFixed(5)} (${errs.vif255.toExponential(1)})`,
      );
      // the requirement is 1%; the implementations agree to float rounding, so hold them to 1e-5
      expect(errs.psnr).toBeLessThan(1e-5);
      expect(errs.ssim).toBeLessThan(1e-5);
      expect(errs.vif).toBeLessThan(1e-5);
      expect(errs.vifSewar).toBeLessThan(1e-5);
      expect(errs.vif255).toBeLessThan(1e-5);
    });
  });
});
