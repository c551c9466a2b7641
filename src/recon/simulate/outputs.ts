// The simulator's four files as bytes (pure): PREFIX.mrc, PREFIX.tlt, PREFIX_truth.mrc, PREFIX_truth.xf.
import { formatTlt, formatXf } from '../../io/meta/index.ts';
import { writeMrc } from '../../io/mrc/index.ts';
import type { SimulationFile, SimulationResult } from './types.ts';

export interface SimulationFileOptions {
  /** MRC label program name; default 'wedgelab simulate' */
  program?: string;
  /** label date (tests pass a fixed one) */
  date?: Date;
  /** a line for the MRC labels, e.g. the command line (cut to 80 characters by the writer) */
  label?: string;
}

export function simulationFiles(
  result: SimulationResult,
  prefix: string,
  opts: SimulationFileOptions = {},
): SimulationFile[] {
  const program = opts.program ?? 'wedgelab simulate';
  const labels = opts.label ? [opts.label] : undefined;
  const ts = result.tiltSeries;
  const px = ts.pixelSizeA;
  const text = new TextEncoder();
  const series = writeMrc(
    { nx: ts.nx, ny: ts.ny, nz: ts.nviews, data: ts.data, voxelSizeA: [px, px, px] },
    { mode: 2, program, date: opts.date, labels, tiltAnglesDeg: result.anglesDeg, imageStack: true },
  );
  const truth = writeMrc(result.truth, { mode: 2, program, date: opts.date, labels });
  return [
    { path: `${prefix}.mrc`, bytes: series },
    { path: `${prefix}.tlt`, bytes: text.encode(formatTlt(result.anglesDeg)) },
    { path: `${prefix}_truth.mrc`, bytes: truth },
    { path: `${prefix}_truth.xf`, bytes: text.encode(formatXf(result.truthXf)) },
  ];
}
