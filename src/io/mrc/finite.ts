// The writers' refusal of non-finite values, shared by writeMrc and the streaming writer.
import { WedgeLabError } from '../../core/errors.ts';
import { countNonFinite } from '../../core/stats.ts';
import { fmtInt } from './layout.ts';

/**
 * Refuses NaN/±Inf: MRC readers and the header statistics (dmin/dmax/dmean/rms) need finite values, and a
 * NaN in a reconstruction is a bug upstream that a file would only hide.
 */
export function checkFinite(data: ArrayLike<number>, who: string): void {
  const bad = countNonFinite(data);
  if (bad > 0) {
    throw new WedgeLabError(
      'bad-argument',
      `${who}: ${fmtInt(bad)} of ${fmtInt(data.length)} values are NaN or infinite; MRC needs finite values (replace or mask them first)`,
    );
  }
}
