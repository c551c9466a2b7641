import { describe, expect, it } from 'vitest';
import { importedParams } from './resultLabel.ts';

describe('importedParams', () => {
  it("names WedgeLab's method from its provenance label", () => {
    expect(importedParams(['wedgelab 0.1.0 reconstruct sirt', 'recipe sha256:ab12'])).toBe('wedgelab SIRT');
  });
  it("else the first label, as IMOD's programs write it", () => {
    expect(importedParams(['', 'Tilt: Back-projection of tilt series   01-Dec-26  10:00:00'])).toBe(
      'Tilt: Back-projection of tilt series   01-Dec-26  10:00:00',
    );
    expect(importedParams([])).toBe('no label');
  });
});
