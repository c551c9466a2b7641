/**
 * One entry for every aligner: the pipeline's align step calls this with the recipe's method. xcorr always
 * runs first (the others refine or replace its shifts from its start); an axis search, when asked, runs
 * before it and its angle is the one every later stage uses.
 */
import { WedgeLabError } from '../core/errors.ts';
import { searchTiltAxis, searchTiltOffset } from './axis/index.ts';
import { beadAlign } from './beads/index.ts';
import { projectionMatch } from './pm/index.ts';
import type { AlignHooks, AlignInput, AlignMethod, AlignResult } from './types.ts';
import { xcorrAlign } from './xcorr/xcorrAlign.ts';

export interface AlignRunOptions {
  method: AlignMethod;
  axisSearch?: boolean;
  /** the input's axis angle came from the header/.mdoc/user (search ±10° about it), else a full search */
  axisKnown?: boolean;
  binning?: number;
  cumulative?: boolean;
  iterations?: number;
  /** where tfjs's WASM files are (cnn): a folder ending in '/' or the files' URLs; the host knows */
  wasmPaths?: string | Record<string, string>;
  /** cnn: a saved shift model (saveShiftModel's bytes) to use instead of training */
  cnnModel?: Uint8Array;
}

/** Hooks for one stage that maps its own fraction into [from, to] of the whole alignment. */
function stage(hooks: AlignHooks, from: number, to: number): AlignHooks {
  return {
    signal: hooks.signal,
    onProgress: (f, d) => hooks.onProgress?.(from + (to - from) * f, d),
  };
}

export async function runAlignment(
  input: AlignInput,
  opts: AlignRunOptions,
  hooks: AlignHooks = {},
): Promise<AlignResult> {
  const searched = opts.axisSearch ? await searchGeometry(input, opts, stage(hooks, 0, 0.15)) : null;
  const from = searched ? 0.15 : 0;
  const geo = searched?.input ?? input;
  const only = opts.method === 'xcorr';
  const coarse = await xcorrAlign(
    geo,
    { binning: opts.binning, cumulative: opts.cumulative, tiltOffsetDeg: searched?.offset ?? 0 },
    stage(hooks, from, only ? 1 : from + 0.3 * (1 - from)),
  );
  const rest = stage(hooks, from + 0.3 * (1 - from), 1);
  let result: AlignResult;
  switch (opts.method) {
    case 'xcorr':
      result = coarse;
      break;
    case 'beads':
      result = await beadAlign(geo, { coarse }, rest);
      break;
    case 'pm':
      result = await projectionMatch(geo, coarse, { maxRounds: opts.iterations }, rest);
      break;
    case 'cnn': {
      // tfjs is loaded only when the learned model is asked for
      const cnn = await import('./cnn/index.ts');
      result = await cnn.cnnAlign(
        geo,
        {
          epochs: opts.iterations,
          tiltOffsetDeg: searched?.offset ?? 0,
          model: opts.cnnModel ? cnn.loadShiftModel(opts.cnnModel) : undefined,
          backend: opts.wasmPaths !== undefined ? { wasmPaths: opts.wasmPaths } : undefined,
        },
        rest,
      );
      break;
    }
    default:
      throw new WedgeLabError(
        'unsupported',
        `alignment method ${opts.method} is not in this build yet; use --align xcorr`,
      );
  }
  return searched
    ? { ...result, warnings: [...searched.notes, ...result.warnings], ...searched.facts }
    : result;
}

/**
 * The tilt axis by common lines (±10° about a known angle, else over 180° first), then the tilt-angle offset.
 * The offset is applied only when it rests on the ice's mean intensity (a + c/cos(θ + offset)); the slab
 * fit measures how the specimen itself lies, which a simulated or tilted specimen makes differ from the
 * goniometer's offset by degrees, so it is reported, not applied.
 */
async function searchGeometry(input: AlignInput, opts: AlignRunOptions, hooks: AlignHooks) {
  const axis = await searchTiltAxis(
    input,
    opts.axisKnown === false ? {} : { hintDeg: input.axisRotationDeg },
    stage(hooks, 0, 0.6),
  );
  const off = await searchTiltOffset(input, { axisRotationDeg: axis.axisRotationDeg }, stage(hooks, 0.6, 1));
  const applied = off.method === 'intensity';
  const notes = [
    ...axis.warnings,
    `tilt axis ${axis.axisRotationDeg.toFixed(2)}° by common lines; ${axis.ambiguity180}`,
    ...off.warnings,
    applied
      ? `tilt offset ${off.tiltOffsetDeg.toFixed(2)}° applied (${off.basis})`
      : `the specimen lies tilted by ${off.tiltOffsetDeg.toFixed(2)}° (${off.basis}); not applied: give it as a tilt offset if the goniometer is off`,
  ];
  return {
    input: { ...input, axisRotationDeg: axis.axisRotationDeg },
    offset: applied ? off.tiltOffsetDeg : 0,
    notes,
    facts: {
      axisSearch: { scores: axis.scores, ambiguity180: axis.ambiguity180, seconds: axis.seconds },
      offsetSearch: { tiltOffsetDeg: off.tiltOffsetDeg, method: off.method, applied, basis: off.basis },
    },
  };
}
