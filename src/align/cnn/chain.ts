/**
 * The learned chain: xcorr's chain (xcorr/chain.ts) walked again with the network refining each neighbour
 * measurement. For the pair (i → j), the reference is view i aligned at its chained shift d_i, the moving
 * view j is stretched by cos θi / cos θj and placed at the coarse estimate m_c, which is xcorr's own
 * measurement m carried along by however much the reference moved (d_i − d_i,coarse). The network predicts
 * the correction t (m = m_c + t), applied `passes` times (each pass resamples the view at the new m), and
 * d_j = (m_x · cos θj / cos θi, m_y) as in xcorr (its header explains the cosine).
 */
import { composeInPlane, rotationInPlane, type InPlaneXf } from '../../core/geometry/index.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { sampleRaw, warpBinned, type BinnedFrame } from '../image/frame.ts';
import type { AlignHooks, AlignInput } from '../types.ts';
import type { ViewSelection } from '../views.ts';
import { allocatePairs, networkInput, type PairSet } from './inputs.ts';
import type { ShiftModel } from './shiftModel.ts';
import { predictPairs } from './train.ts';

const stretchX = (s: number): InPlaneXf => ({ a11: s, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 });
const shiftBy = (dx: number, dy: number): InPlaneXf => ({
  a11: 1,
  a12: 0,
  a21: 0,
  a22: 1,
  dxPx: dx,
  dyPx: dy,
});

export interface CnnChain {
  /** per view (null for excluded), full-resolution px, aligned frame */
  shifts: ([number, number] | null)[];
  /** per view, the network's total correction to xcorr's neighbour measurement, full-resolution px */
  correctionsPx: (number | null)[];
  /** per view, Pearson correlation of the final pair (the view's score) */
  scores: (number | null)[];
  /** per view, the aligned binned working copy; null for excluded views */
  aligned: (Float64Array | null)[];
}

/** Pearson correlation of two network inputs (zeros are outside or tapered away alike). */
function pearson(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let p = 0; p < a.length; p++) {
    ab += a[p] * b[p];
    aa += a[p] * a[p];
    bb += b[p] * b[p];
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** The network's correction (full-resolution px) for one pair of binned images. */
function correct(model: ShiftModel, pair: PairSet): [number, number] {
  const t = predictPairs(model.members, pair, [0]);
  return [t[0] * model.frameBin, t[1] * model.frameBin];
}

export async function cnnChain(
  input: AlignInput,
  sel: ViewSelection,
  frame: BinnedFrame,
  coarse: readonly ([number, number] | null)[],
  noiseSd: readonly number[],
  model: ShiftModel,
  passes: number,
  cosOf: (k: number) => number,
  hooks: AlignHooks = {},
): Promise<CnnChain> {
  const { det } = input;
  const { w, h } = frame;
  const plane = det.nu * det.nv;
  const raw = (k: number) => input.data.subarray(k * plane, (k + 1) * plane);
  const unrotate = rotationInPlane(-input.axisRotationDeg);
  const nviews = input.anglesDeg.length;
  const shifts: ([number, number] | null)[] = new Array(nviews).fill(null);
  const correctionsPx: (number | null)[] = new Array(nviews).fill(null);
  const scores: (number | null)[] = new Array(nviews).fill(null);
  const aligned: (Float64Array | null)[] = new Array(nviews).fill(null);
  const { byTilt, anchor } = sel;
  if (byTilt.length === 0) return { shifts, correctionsPx, scores, aligned };
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const pair = allocatePairs(w, h, 1);
  const k0 = byTilt[anchor];
  shifts[k0] = [0, 0];
  scores[k0] = 1;
  aligned[k0] = sampleRaw(raw(k0), det, unrotate, frame);
  let done = 1;
  for (const step of [1, -1]) {
    let i = k0;
    for (let t = anchor + step; t >= 0 && t < byTilt.length; t += step) {
      await yielder.tick();
      const j = byTilt[t];
      const s = cosOf(i) / cosOf(j);
      const [di, dci] = [shifts[i]!, coarse[i]!];
      const dcj = coarse[j]!;
      // xcorr measured m = (s·dcj_x, dcj_y) against view i at its coarse shift; ours sits at d_i
      let mx = s * dcj[0] + (di[0] - dci[0]);
      let my = dcj[1] + (di[1] - dci[1]);
      const m0 = [mx, my];
      networkInput(aligned[i]!, w, h, noiseSd[i], pair.ref);
      for (let p = 0; p < passes; p++) {
        const xf = composeInPlane(composeInPlane(unrotate, stretchX(s)), shiftBy(mx, my));
        networkInput(sampleRaw(raw(j), det, xf, frame), w, h, noiseSd[j], pair.mov);
        const [tx, ty] = correct(model, pair);
        mx += tx;
        my += ty;
      }
      shifts[j] = [mx / s, my];
      correctionsPx[j] = Math.hypot(mx - m0[0], my - m0[1]);
      scores[j] = pearson(pair.ref, pair.mov);
      aligned[j] = sampleRaw(raw(j), det, composeInPlane(unrotate, shiftBy(mx / s, my)), frame);
      i = j;
      done++;
      hooks.onProgress?.(done / byTilt.length, `view ${j} (${input.anglesDeg[j]}°)`);
    }
  }
  return { shifts, correctionsPx, scores, aligned };
}

/**
 * Two-sided consistency, as xcorr's residuals but measured by the network: each aligned view against the
 * mean of its aligned neighbours carried into its frame; |predicted correction| in full-resolution px.
 */
export async function cnnResiduals(
  chain: CnnChain,
  sel: ViewSelection,
  frame: BinnedFrame,
  noiseSd: readonly number[],
  model: ShiftModel,
  cosOf: (k: number) => number,
  hooks: AlignHooks = {},
): Promise<(number | null)[]> {
  const { w, h } = frame;
  const out: (number | null)[] = chain.aligned.map(() => null);
  const pair = allocatePairs(w, h, 1);
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  for (let t = 0; t < sel.byTilt.length; t++) {
    await yielder.tick();
    const j = sel.byTilt[t];
    const near = [sel.byTilt[t - 1], sel.byTilt[t + 1]].filter((k) => k !== undefined);
    if (near.length === 0) continue;
    const ref = new Float64Array(w * h);
    let sd2 = 0;
    for (const k of near) {
      const warped = warpBinned(chain.aligned[k]!, frame, stretchX(cosOf(j) / cosOf(k)));
      for (let p = 0; p < ref.length; p++) ref[p] += warped[p] / near.length;
      sd2 += noiseSd[k] ** 2 / near.length ** 2;
    }
    networkInput(ref, w, h, Math.sqrt(sd2), pair.ref);
    networkInput(chain.aligned[j]!, w, h, noiseSd[j], pair.mov);
    const [tx, ty] = correct(model, pair);
    out[j] = Math.hypot(tx, ty);
  }
  return out;
}
