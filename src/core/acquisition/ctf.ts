/**
 * Weak-phase contrast transfer function. Conventions: underfocus is a positive defocus (µm), Cs in mm,
 * amplitude contrast as a fraction (0.07 typical for cryo-EM), frequencies in 1/Å.
 */
export interface CtfParams {
  defocusUm: number;
  voltageKv: number;
  csMm: number;
  amplitudeContrast: number;
}

export const DEFAULT_CTF: CtfParams = { defocusUm: 3, voltageKv: 300, csMm: 2.7, amplitudeContrast: 0.07 };

/** Relativistic electron wavelength in Å for an accelerating voltage in kV (300 kV → 0.0197 Å). */
export function electronWavelengthA(voltageKv: number): number {
  const v = voltageKv * 1e3;
  return 12.2643247 / Math.sqrt(v * (1 + 0.978466e-6 * v));
}

/** CTF value at spatial frequency k (1/Å); negative at low frequency for underfocus, like the image of a phase object. */
export function ctfValue(kPerA: number, p: CtfParams): number {
  const lambdaA = electronWavelengthA(p.voltageKv);
  const defocusA = p.defocusUm * 1e4;
  const csA = p.csMm * 1e7;
  const k2 = kPerA * kPerA;
  const chi = Math.PI * lambdaA * defocusA * k2 - (Math.PI / 2) * csA * lambdaA ** 3 * k2 * k2;
  const w = p.amplitudeContrast;
  return -(Math.sqrt(1 - w * w) * Math.sin(chi) + w * Math.cos(chi));
}
