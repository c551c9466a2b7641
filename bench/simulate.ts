// Simulator benchmark: a 256³ "shapes" phantom, 61 views (−60…60° step 2), in Node, timed end to end
// (phantom included), noise-free and with the full image formation; plus a breakdown of the phases.
import os from 'node:os';
import { tiltRange } from '../src/core/acquisition/index.ts';
import { DEFAULT_CTF } from '../src/core/acquisition/index.ts';
import { geometryFromTilts } from '../src/core/geometry/index.ts';
import { makePhantom } from '../src/core/phantoms/index.ts';
import { simulateTiltSeries, type SimulateOptions } from '../src/recon/simulate/index.ts';
import { addShotNoise, SpectralFilter } from '../src/recon/simulate/imaging.ts';
import { streamRng } from '../src/recon/simulate/poisson.ts';
import { projectVolume } from '../src/recon/simulate/project.ts';
import type { BenchResult } from './types.ts';

const N = 256;
const TARGET_S = 10;
const BASE: SimulateOptions = {
  phantom: { name: 'shapes', nx: N, ny: N, nz: N },
  tiltRangeDeg: [-60, 60],
  tiltStepDeg: 2,
  seed: 1,
};
const FULL: SimulateOptions = { ...BASE, doseEA2: 2, ctf: DEFAULT_CTF, shiftSigmaPx: 2, axisErrorDeg: 1 };

async function timed<T>(
  fn: () => Promise<T> | T,
): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { value, seconds, cpuSeconds: (c.user + c.system) / 1e6 };
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** Where the time goes: each phase of the full run, alone. */
async function phases(): Promise<Record<string, number>> {
  const ph = await timed(() => makePhantom('shapes', { nx: N, ny: N, nz: N, seed: 1, maxTiltDeg: 60 }));
  const vol = ph.value.volume;
  const angles = tiltRange(-60, 60, 2);
  const geometry = geometryFromTilts(angles, { axisRotationDeg: 1 });
  const plane = N * N;
  const proj = await timed(() => projectVolume(vol, geometry));
  const data = proj.value;
  const filter = new SpectralFilter(N, N, vol.voxelSizeA[0], DEFAULT_CTF);
  const fft = await timed(() => {
    for (let k = 0; k < angles.length; k += 2) {
      const kb = k + 1 < angles.length ? (k + 1) * plane : undefined;
      filter.applyPair(data, k * plane, 2 * k + 1, kb, 2 * k + 3);
    }
  });
  const noise = await timed(() =>
    angles.forEach((_, k) => addShotNoise(data, k * plane, plane, 200, 0.001, streamRng(1, k))),
  );
  return {
    'phantom s': r3(ph.seconds),
    'projection s': r3(proj.seconds),
    'dose+CTF filter (FFT) s': r3(fft.seconds),
    'Poisson noise s': r3(noise.seconds),
  };
}

export async function benchSimulate(): Promise<BenchResult[]> {
  const load = os.loadavg()[0];
  const plain = await timed(() => simulateTiltSeries(BASE));
  const full = await timed(() => simulateTiltSeries(FULL));
  const breakdown = await phases();
  const common = { 'load avg (1 min) at start': r3(load), views: 61 };
  return [
    {
      name: 'simulate 256³ shapes, 61 views, noise-free',
      command:
        'wedgelab simulate --phantom shapes --size 256,256,256 --tilt-range -60,60 --tilt-step 2 --out sim',
      seconds: plain.seconds,
      details: { ...common, 'cpu s': r3(plain.cpuSeconds), warnings: plain.value.warnings.length },
      target: `< ${TARGET_S} s`,
      met: plain.seconds < TARGET_S,
    },
    {
      name: 'simulate 256³ shapes, 61 views, dose 2 + CTF + shifts + axis error',
      command:
        'wedgelab simulate --phantom shapes --size 256,256,256 --tilt-range -60,60 --tilt-step 2 --dose 2 --ctf defocus=3 --shift-sigma 2 --axis-error 1 --out sim',
      seconds: full.seconds,
      details: { ...common, 'cpu s': r3(full.cpuSeconds), ...breakdown },
      target: `< ${TARGET_S} s`,
      met: full.seconds < TARGET_S,
    },
  ];
}
