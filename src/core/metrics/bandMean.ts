/**
 * The mean of an FSC curve over its shells at or below a frequency: "the directional FSC present vs missing
 * below ¼ Nyquist" (0.125 cycles/px), where a missing wedge hurts most and a method that fills it shows.
 * Shells are weighted equally (each is already an average over its voxels). Null when no shell qualifies.
 */
export const QUARTER_NYQUIST_PER_PX = 0.125;

export function bandMean(
  freq: readonly number[],
  values: readonly number[] | undefined,
  maxFreqPerPx = QUARTER_NYQUIST_PER_PX,
): number | null {
  if (!values) return null;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < freq.length && i < values.length; i++) {
    // the DC shell says nothing about resolution
    if (freq[i] > 0 && freq[i] <= maxFreqPerPx + 1e-12 && Number.isFinite(values[i])) {
      sum += values[i];
      n++;
    }
  }
  return n > 0 ? sum / n : null;
}
