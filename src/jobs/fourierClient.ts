/**
 * The page's side of the Fourier worker: sums a volume into its three central sections a few z planes per
 * task (a 512³ volume in one task would hold the main thread for ~200 ms), then has the worker take the
 * chosen section's log power spectrum. The same service runs on the main thread where Workers are unavailable.
 */
import * as Comlink from 'comlink';
import {
  accumulateSums,
  emptySums,
  planeSize,
  type SectionPlane,
  type SectionSums,
} from '../core/fft/centralSections.ts';
import type { Volume } from '../core/types.ts';
import type { FourierApi, SpectrumImage } from './fourierService.ts';
import { connectWorker } from './workerConnection.ts';

/** voxels summed per main-thread task: ≈ 5 ms here */
const VOXELS_PER_TASK = 2 ** 20;

function spawnWorker(): Worker {
  return new Worker(new URL('../../workers/fourier.worker.ts', import.meta.url), {
    type: 'module',
    name: 'wedgelab-fourier',
  });
}

const nextTask = (): Promise<void> => new Promise((done) => setTimeout(done, 0));

let connection: Promise<{ api: FourierApi }> | null = null;
const api = async (): Promise<FourierApi> => {
  connection ??= connectWorker<FourierApi>({
    name: 'fourier',
    wantWorker: true,
    spawn: spawnWorker,
    fallback: async () => (await import('./fourierService.ts')).createFourierService(),
  });
  return (await connection).api;
};

/** Sums kept per volume (the same object), so switching planes costs only the FFT. */
const sumsOf = new WeakMap<Volume, Promise<SectionSums>>();

async function sectionSums(volume: Volume, isStale: () => boolean): Promise<SectionSums | null> {
  const known = sumsOf.get(volume);
  if (known) return known;
  const sums = emptySums(volume);
  const planesPerTask = Math.max(1, Math.floor(VOXELS_PER_TASK / (volume.nx * volume.ny)));
  for (let z = 0; z < volume.nz; z += planesPerTask) {
    if (isStale()) return null;
    accumulateSums(volume, sums, z, Math.min(volume.nz, z + planesPerTask));
    if (z + planesPerTask < volume.nz) await nextTask();
  }
  sumsOf.set(volume, Promise.resolve(sums));
  return sums;
}

/** The log power spectrum of a central section, or null when `isStale` turned true on the way. */
export async function centralSectionSpectrum(
  volume: Volume,
  plane: SectionPlane,
  isStale: () => boolean = () => false,
): Promise<SpectrumImage | null> {
  const sums = await sectionSums(volume, isStale);
  if (!sums || isStale()) return null;
  const { width, height } = planeSize(plane, volume);
  return summedSpectrum(sums[plane], width, height);
}

/**
 * The log power spectrum of a sum already made (a volume's section sums, or teaching mode's volume summed
 * along y). A copy goes over (transferred): the sums stay for the other planes.
 */
export async function summedSpectrum(
  sum: ArrayLike<number>,
  width: number,
  height: number,
): Promise<SpectrumImage> {
  const copy = Float64Array.from(sum);
  const a = await api();
  return a.logPowerSpectrum(Comlink.transfer(copy, [copy.buffer]), width, height);
}
