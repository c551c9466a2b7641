/**
 * A metric that is undefined for an input (VIF of a volume too thin for its scales, say) is reported as
 * null with its reason, and the others are still computed: one undefined score must not lose PSNR, SSIM and
 * FSC with it. Only the metric's own "undefined" errors (bad-argument) are turned into null; cancel and
 * everything else still throw.
 */
import { isWedgeLabError } from '../errors.ts';

export interface OptionalMetric<T> {
  value: T | null;
  /** why the value is null, one line */
  reason?: string;
}

export async function optionalMetric<T>(compute: () => T | Promise<T>): Promise<OptionalMetric<T>> {
  try {
    return { value: await compute() };
  } catch (e) {
    if (isWedgeLabError(e) && e.code === 'bad-argument') return { value: null, reason: e.message };
    throw e;
  }
}
