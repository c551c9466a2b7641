/**
 * The Simulate panel's request → simulateTiltSeries options, and the result → the two files that open like
 * a dropped stack (PREFIX.mrc with its PREFIX.tlt).
 */
import { WedgeLabError } from '../core/errors.ts';
import { formatTlt } from '../io/meta/index.ts';
import { writeMrc } from '../io/mrc/index.ts';
import { simulateTiltSeries, type SimulationResult } from '../recon/simulate/index.ts';
import type { SimulateOptions } from '../recon/simulate/index.ts';
import type { NamedBytes, SimulateJobRequest } from './reconTypes.ts';

export function simulateOptions(r: SimulateJobRequest): SimulateOptions {
  for (const [name, n] of Object.entries({ nx: r.nx, ny: r.ny, nz: r.nz })) {
    if (!Number.isInteger(n) || n < 8 || n > 1024) {
      throw new WedgeLabError('bad-argument', `size ${name} = ${n}; choose an integer from 8 to 1024`);
    }
  }
  if (!(r.tiltStepDeg > 0))
    throw new WedgeLabError('bad-argument', `tilt step ${r.tiltStepDeg}°; choose a step > 0`);
  if (!(r.tiltMinDeg < r.tiltMaxDeg) || r.tiltMinDeg < -90 || r.tiltMaxDeg > 90) {
    throw new WedgeLabError(
      'bad-argument',
      `tilt range ${r.tiltMinDeg}…${r.tiltMaxDeg}°; choose −90 ≤ min < max ≤ 90`,
    );
  }
  return {
    phantom: { name: r.phantom, nx: r.nx, ny: r.ny, nz: r.nz },
    seed: r.seed ?? 1,
    tiltRangeDeg: [r.tiltMinDeg, r.tiltMaxDeg],
    tiltStepDeg: r.tiltStepDeg,
    order: r.order,
    ...(r.doseEA2 && r.doseEA2 > 0 ? { doseEA2: r.doseEA2 } : {}),
    ...(r.shiftSigmaPx ? { shiftSigmaPx: r.shiftSigmaPx } : {}),
    ...(r.axisErrorDeg ? { axisErrorDeg: r.axisErrorDeg } : {}),
  };
}

export { simulateTiltSeries };

/** PREFIX.mrc and PREFIX.tlt (as simulationFiles writes them, without the truth files), own buffers. */
export function seriesFiles(result: SimulationResult, r: SimulateJobRequest): NamedBytes[] {
  const label = `simulated ${r.phantom} ${r.nx}x${r.ny}x${r.nz}, tilt ${r.tiltMinDeg}..${r.tiltMaxDeg} step ${r.tiltStepDeg}`;
  const ts = result.tiltSeries;
  const px = ts.pixelSizeA;
  const series = writeMrc(
    { nx: ts.nx, ny: ts.ny, nz: ts.nviews, data: ts.data, voxelSizeA: [px, px, px] },
    { mode: 2, program: 'wedgelab app', labels: [label], tiltAnglesDeg: result.anglesDeg, imageStack: true },
  );
  const tlt = new TextEncoder().encode(formatTlt(result.anglesDeg));
  return [
    { name: `${r.prefix}.mrc`, bytes: wholeBuffer(series) },
    { name: `${r.prefix}.tlt`, bytes: wholeBuffer(tlt) },
  ];
}

function wholeBuffer(b: Uint8Array): Uint8Array {
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : b.slice();
}
