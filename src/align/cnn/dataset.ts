/**
 * The training set of one tilt series: every kept view gives `pairsPerView` synthetic pairs (pairs.ts) in the
 * chain's working frame (axis vertical, binned). Seeded per view, so a view's pairs do not depend on which
 * other views are kept.
 */
import { rotationInPlane } from '../../core/geometry/index.ts';
import { streamRng } from '../../recon/simulate/poisson.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { sampleRaw, type BinnedFrame } from '../image/frame.ts';
import type { AlignHooks, AlignInput } from '../types.ts';
import { allocatePairs, networkInput, type PairSet } from './inputs.ts';
import { estimateNoise, type NoiseModel } from './noise.ts';
import { pairBase, syntheticPair } from './pairs.ts';

export interface DatasetOptions {
  pairsPerView: number;
  /** largest shift error of a pair, full-resolution px, per axis */
  maxShiftPx: number;
  seed: number;
  /** train on random square crops of this side (binned px) instead of the whole frame: cheaper steps */
  cropPx?: number;
}

/** A view's noise model in the working frame; the real pairs are normalised by its sd too. */
export interface ViewNoise {
  view: number;
  noise: NoiseModel;
}

/** View k's binned working copy with the tilt axis made vertical (unshifted): what its noise is measured on. */
export function viewImage(input: AlignInput, k: number, frame: BinnedFrame): Float64Array {
  const plane = input.det.nu * input.det.nv;
  return sampleRaw(
    input.data.subarray(k * plane, (k + 1) * plane),
    input.det,
    rotationInPlane(-input.axisRotationDeg),
    frame,
  );
}

function cropOf(img: Float64Array, w: number, x0: number, y0: number, cw: number, ch: number): Float64Array {
  if (cw === w && x0 === 0 && y0 === 0 && img.length === cw * ch) return img;
  const out = new Float64Array(cw * ch);
  for (let j = 0; j < ch; j++) out.set(img.subarray(x0 + w * (y0 + j), x0 + w * (y0 + j) + cw), cw * j);
  return out;
}

export async function buildDataset(
  input: AlignInput,
  views: readonly number[],
  frame: BinnedFrame,
  opts: DatasetOptions,
  hooks: AlignHooks = {},
): Promise<{ set: PairSet; noise: ViewNoise[] }> {
  const { w, h } = frame;
  const cw = Math.min(w, opts.cropPx ?? w);
  const ch = Math.min(h, opts.cropPx ?? h);
  const set = allocatePairs(cw, ch, views.length * opts.pairsPerView);
  const size = cw * ch;
  const noise: ViewNoise[] = [];
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const pixelA = input.pixelSizeA ? input.pixelSizeA * frame.bin : undefined;
  let q = 0;
  for (let t = 0; t < views.length; t++) {
    const k = views[t];
    const img = viewImage(input, k, frame);
    const model = estimateNoise(img, w, h, pixelA);
    noise.push({ view: k, noise: model });
    const base = pairBase(img, frame, model);
    const rng = streamRng(opts.seed, 1000 + k);
    for (let p = 0; p < opts.pairsPerView; p++) {
      await yielder.tick();
      const pair = syntheticPair(base, frame, opts.maxShiftPx / frame.bin, rng);
      const x0 = rng.int(0, w - cw);
      const y0 = rng.int(0, h - ch);
      const crop = (img: Float64Array) => cropOf(img, w, x0, y0, cw, ch);
      networkInput(crop(pair.ref), cw, ch, model.sd, set.ref.subarray(q * size, (q + 1) * size));
      networkInput(crop(pair.mov), cw, ch, model.sd, set.mov.subarray(q * size, (q + 1) * size));
      set.labels[2 * q] = pair.label[0];
      set.labels[2 * q + 1] = pair.label[1];
      set.views[q] = k;
      q++;
    }
    hooks.onProgress?.((t + 1) / views.length, `training pairs: view ${k}`);
  }
  return { set, noise };
}
