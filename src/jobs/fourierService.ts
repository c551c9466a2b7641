/**
 * The Fourier worker's service (workers/fourier.worker.ts): a section's log power spectrum, tapered and
 * centred, off the main thread. Small inputs (one summed section), so the volume never crosses over.
 */
import { logPower, powerSpectrum2d, taperedSection } from '../core/fft/powerSpectrum.ts';

export interface SpectrumImage {
  width: number;
  height: number;
  /** log10 power, origin at (⌊w/2⌋, ⌊h/2⌋), x fastest */
  data: Float32Array;
}

export interface FourierApi {
  ping(): Promise<'pong'>;
  /** `data` is the summed section (x fastest), transferred */
  logPowerSpectrum(data: Float64Array, width: number, height: number): Promise<SpectrumImage>;
}

type TransferFn = <T>(value: T, buffers: Transferable[]) => T;

export function createFourierService(transfer: TransferFn = (v) => v): FourierApi {
  return {
    async ping() {
      return 'pong' as const;
    },
    async logPowerSpectrum(data, width, height) {
      const power = powerSpectrum2d(taperedSection(data, width, height), width, height);
      const out = { width, height, data: logPower(power) };
      return transfer(out, [out.data.buffer]);
    },
  };
}
