import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { binnedFrame } from '../image/frame.ts';
import { bandPassWeights, DEFAULT_BAND_PASS, taperedSpectrum } from '../image/spectrum.ts';
import { crossCorrelate } from '../xcorr/correlate.ts';
import { initShiftBackend } from './backend.ts';
import type { PairSet } from './inputs.ts';
import { foldsOf, trainShiftModel } from './train.ts';
import { blobPairs } from './testUtil.ts';

const wasmPaths = fileURLToPath(
  new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
);

/** One xcorr pass (the chain's measurement) on every pair, RMS shift-vector error in px. */
function xcorrError(set: PairSet): number {
  const frame = binnedFrame({ nu: set.w, nv: set.h }, 1);
  const weights = bandPassWeights(frame.n, DEFAULT_BAND_PASS);
  const size = set.w * set.h;
  let e = 0;
  for (let q = 0; q < set.count; q++) {
    const ref = taperedSpectrum(Float64Array.from(set.ref.subarray(q * size, (q + 1) * size)), frame);
    const mov = taperedSpectrum(Float64Array.from(set.mov.subarray(q * size, (q + 1) * size)), frame);
    const c = crossCorrelate(ref, mov, { weights, maxShift: 4 });
    e += (c.dx - set.labels[2 * q]) ** 2 + (c.dy - set.labels[2 * q + 1]) ** 2;
  }
  return Math.sqrt(e / set.count);
}

beforeAll(async () => {
  expect(await initShiftBackend({ wasmPaths })).toBe('wasm');
});

describe('shift-model training', () => {
  it('folds are contiguous blocks of tilt covering every view once', () => {
    const byTilt = [5, 3, 8, 1, 0, 2, 4];
    const folds = foldsOf(byTilt, 3);
    expect(folds).toEqual([
      [5, 3],
      [8, 1, 0],
      [2, 4],
    ]);
  });

  it('learns sub-pixel shifts: the CV error on held-out views beats xcorr on the same pairs', async () => {
    // 9 blob "views" of 24², 24 pairs each, shifts within ±1 px, noise sd 0.3 of blobs of amplitude ≤ 1
    const set = blobPairs(9, 24, 24, 1, 0.3, 11);
    const t0 = performance.now();
    const r = await trainShiftModel(set, [...Array(9).keys()], 1, {
      epochs: 4,
      folds: 3,
      batchSize: 16,
      learningRate: 5e-3,
      seed: 1,
    });
    const seconds = (performance.now() - t0) / 1000;
    const xcorr = xcorrError(set);
    console.log(
      `blob pairs: CV ${r.cvErrorPx.toFixed(3)} px (folds ${r.foldErrorsPx.map((e) => e.toFixed(3)).join(', ')}), xcorr ${xcorr.toFixed(3)} px, no correction ${r.cvBaselinePx.toFixed(3)} px, ${seconds.toFixed(1)} s`,
    );
    expect(r.members).toHaveLength(3);
    // labels uniform in ±1 per axis: √(2/3) ≈ 0.82 px without a prediction
    expect(r.cvBaselinePx).toBeGreaterThan(0.7);
    expect(r.cvBaselinePx).toBeLessThan(0.95);
    // measured: CV 0.347 px (folds 0.348, 0.324, 0.369), one xcorr pass 0.464 px, in 3 s
    expect(r.cvErrorPx).toBeLessThan(0.45);
    expect(r.cvErrorPx).toBeLessThan(xcorr);
  });

  it('refuses impossible fold counts in one line', async () => {
    const set = blobPairs(2, 2, 16, 1, 0.3);
    const opts = { epochs: 1, folds: 5, batchSize: 4, learningRate: 1e-3, seed: 1 };
    await expect(trainShiftModel(set, [0, 1], 1, opts)).rejects.toSatisfy(
      (e) =>
        isWedgeLabError(e) &&
        /folds = 5; expected an integer from 2 to the number of views \(2\)/.test(e.message),
    );
  });

  it('stops when cancelled', async () => {
    const set = blobPairs(4, 16, 32, 1, 0.3);
    const controller = new AbortController();
    const opts = { epochs: 50, folds: 2, batchSize: 4, learningRate: 1e-3, seed: 1 };
    const started = performance.now();
    const run = trainShiftModel(set, [0, 1, 2, 3], 1, opts, {
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.01) controller.abort();
      },
    });
    await expect(run).rejects.toSatisfy((e) => isWedgeLabError(e) && e.code === 'cancelled');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
