/**
 * Electron dose bookkeeping and the Grant & Grigorieff (2015, eLife 4:e06980) exposure filter.
 * Spatial frequencies in 1/Å, doses in e/Å².
 */

/** Dose received before each view was taken, from its acquisition index and the dose per view. */
export function priorDoseEA2(
  acquisitionIndex: readonly number[],
  dosePerViewEA2: number | readonly number[],
): number[] {
  const perView = (v: number) => (typeof dosePerViewEA2 === 'number' ? dosePerViewEA2 : dosePerViewEA2[v]);
  const order = [...acquisitionIndex.keys()].sort((a, b) => acquisitionIndex[a] - acquisitionIndex[b]);
  const prior = new Array<number>(acquisitionIndex.length).fill(0);
  let total = 0;
  for (const view of order) {
    prior[view] = total;
    total += perView(view);
  }
  return prior;
}

/** Critical exposure Ne(k) in e/Å² at spatial frequency k (1/Å): Ne = 0.245·k^−1.665 + 2.81 (300 kV fit). */
export function criticalExposureEA2(kPerA: number): number {
  if (kPerA <= 0) return Infinity;
  return 0.245 * Math.pow(kPerA, -1.665) + 2.81;
}

/** Amplitude attenuation after an accumulated exposure: exp(−N / (2·Ne(k))). */
export function exposureAttenuation(kPerA: number, exposureEA2: number): number {
  if (exposureEA2 <= 0) return 1;
  return Math.exp(-exposureEA2 / (2 * criticalExposureEA2(kPerA)));
}
