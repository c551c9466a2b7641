/**
 * A consistency residual for chained shifts: each aligned view correlated once more with its two aligned
 * neighbours carried into its frame. The chain only ever looks one way, so this two-sided check catches a
 * view that the chain placed wrongly; it is about 0 px for a consistent alignment.
 */
import { Yielder } from '../../recon/algorithms/hooks.ts';
import { warpBinned } from '../image/frame.ts';
import { bandPassWeights, DEFAULT_BAND_PASS, taperedSpectrum, type BandPass } from '../image/spectrum.ts';
import type { AlignHooks } from '../types.ts';
import type { ViewSelection } from '../views.ts';
import type { ChainShifts } from './chain.ts';
import { crossCorrelate } from './correlate.ts';

export async function neighbourResiduals(
  chain: ChainShifts,
  sel: ViewSelection,
  cosOf: (k: number) => number,
  bandPass: BandPass = DEFAULT_BAND_PASS,
  hooks: AlignHooks = {},
): Promise<(number | null)[]> {
  const { frame, aligned } = chain;
  const weights = bandPassWeights(frame.n, bandPass);
  const out: (number | null)[] = aligned.map(() => null);
  const yielder = new Yielder(hooks.signal, 50, 'alignment');
  const ref = new Float64Array(frame.w * frame.h);
  for (let t = 0; t < sel.byTilt.length; t++) {
    await yielder.tick();
    const j = sel.byTilt[t];
    const near = [sel.byTilt[t - 1], sel.byTilt[t + 1]].filter((k) => k !== undefined);
    if (near.length === 0) continue;
    ref.fill(0);
    for (const k of near) {
      const s = cosOf(j) / cosOf(k);
      const w = warpBinned(aligned[k]!, frame, { a11: s, a12: 0, a21: 0, a22: 1, dxPx: 0, dyPx: 0 });
      for (let p = 0; p < ref.length; p++) ref[p] += w[p];
    }
    const c = crossCorrelate(taperedSpectrum(ref, frame), taperedSpectrum(aligned[j]!, frame), { weights });
    out[j] = Math.hypot(c.dx, c.dy) * frame.bin;
  }
  return out;
}
