/**
 * WBP filter responses on normalised frequency f ∈ [0, 0.5] cycles/px (one detector pixel = one voxel).
 * Each function returns the filter gain H(f); the ramp-based ones are |f| times an apodising window.
 * `applyRowFilter` does NOT sample |f| directly: it uses the DFT of the spatial Ram-Lak kernel as the ramp
 * and multiplies it by `H(f)/|f|` (the window), so the DC term keeps its small positive value (see
 * discreteRamp.ts) whatever the window.
 */

/** Ram-Lak: the plain ramp |f|. */
export function rampResponse(fCyclesPerPx: number): number {
  return Math.abs(fCyclesPerPx);
}

/**
 * IMOD `tilt` RADIAL: linear ramp out to `cutoff`, then a Gaussian fall-off of the ramp's value at the cutoff,
 * exp(−(f − cutoff)² / (2σ²)). This is IMOD with `FalloffIsTrueSigma 1` (what eTomo writes; without it IMOD
 * uses exp(−(f − cutoff)²/σ²)). Both values in cycles/px here; see `parseFilterSpec` for IMOD's pixel units.
 */
export function radialResponse(
  fCyclesPerPx: number,
  cutoffCyclesPerPx: number,
  sigmaCyclesPerPx: number,
): number {
  const f = Math.abs(fCyclesPerPx);
  if (f <= cutoffCyclesPerPx) return f;
  if (!(sigmaCyclesPerPx > 0)) return 0;
  const d = (f - cutoffCyclesPerPx) / sigmaCyclesPerPx;
  return cutoffCyclesPerPx * Math.exp(-0.5 * d * d);
}

/** AreTomo's Hamming-like weighting: ramp · (0.55 + 0.45·cos 2πf); 0.1 of the ramp left at Nyquist. */
export function hammingResponse(fCyclesPerPx: number): number {
  const f = Math.abs(fCyclesPerPx);
  return f * (0.55 + 0.45 * Math.cos(2 * Math.PI * f));
}

/** Shepp–Logan: ramp · sinc(f) = ramp · sin(πf)/(πf) (scikit-image's definition). */
export function sheppLoganResponse(fCyclesPerPx: number): number {
  const f = Math.abs(fCyclesPerPx);
  if (f === 0) return 0;
  return f * (Math.sin(Math.PI * f) / (Math.PI * f));
}

/** Cosine: ramp · cos(πf) (zero at Nyquist). */
export function cosineResponse(fCyclesPerPx: number): number {
  const f = Math.abs(fCyclesPerPx);
  return f * Math.cos(Math.PI * f);
}

/** Hann: ramp · (0.5 + 0.5·cos 2πf) (zero at Nyquist). */
export function hannResponse(fCyclesPerPx: number): number {
  const f = Math.abs(fCyclesPerPx);
  return f * (0.5 + 0.5 * Math.cos(2 * Math.PI * f));
}

/**
 * SIRT-like ramp after Zeng, "A filtered backprojection algorithm with characteristics of the iterative
 * Landweber algorithm", Med. Phys. 39(2):603–607 (2012): N Landweber iterations from zero,
 * x_N = Σ_{n<N} (I − αAᵀA)ⁿ αAᵀb = [I − (I − αAᵀA)ᴺ](AᵀA)⁻¹Aᵀb, and AᵀA acts as 1/|f| in 2D, so
 * x_N = FBP with the windowed ramp H_N(f) = |f|·[1 − (1 − α/|f|)ᴺ]. IMOD's FakeSIRTiterations uses this form
 * (IMOD SIRT example page). Frequencies f ≤ α have converged within one step (SIRT fixes the lowest
 * frequencies first); there the window is 1, which also avoids the divergent (1 − α/f)ᴺ for f < α/2.
 * α ties the filter to our SIRT (see `sirtLikeAlpha`).
 */
export function sirtLikeResponse(fCyclesPerPx: number, iterations: number, alphaCyclesPerPx: number): number {
  const f = Math.abs(fCyclesPerPx);
  if (f <= alphaCyclesPerPx) return f;
  return f * (1 - Math.pow(1 - alphaCyclesPerPx / f, iterations));
}

/**
 * α for `sirtLikeResponse` that mimics our SIRT (x += C·Aᵀ·R·(b − Ax), C = 1/(Aᵀ1) ≈ 1/nviews,
 * R = 1/(A1) ≈ 1/thickness): with AᵀA ≈ nviews/(π|f|) over a 180° range, C·Aᵀ·R·A ≈ 1/(π·T·|f|), so
 * α = 1/(π·T) for a specimen T pixels thick. That SIRT's speed depends on thickness is also why IMOD notes that
 * its SIRT contrast depends on the reconstruction thickness.
 */
export function sirtLikeAlpha(thicknessPx: number): number {
  return 1 / (Math.PI * Math.max(1, thicknessPx));
}

/**
 * The seed paper's exact per-view weight w(α) = cos α / (1 + λ·sin² α) for a view tilted by α. It is a weight
 * on the whole view (not a function of frequency); WBP multiplies it into the view's angular weight and keeps
 * the ramp (or whichever filter is chosen) along u. λ = 0 gives the plain cos α down-weighting of high tilts.
 */
export function seedViewWeight(angleDeg: number, lambda: number): number {
  const a = (angleDeg * Math.PI) / 180;
  const s = Math.sin(a);
  return Math.cos(a) / (1 + lambda * s * s);
}
