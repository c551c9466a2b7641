/**
 * Filter specs: the strings users type (`radial:0.35,0.035`, `ramp`, `hamming`, `shepp`, `cosine`, `hann`,
 * `sirtlike:10`, `seed:0.5`, `none`) parsed into a typed spec, and the spec turned into a window on the ramp.
 */
import { WedgeLabError } from '../errors.ts';
import {
  cosineResponse,
  hammingResponse,
  hannResponse,
  radialResponse,
  sheppLoganResponse,
  sirtLikeAlpha,
  sirtLikeResponse,
} from './responses.ts';

export type FilterSpec =
  | { name: 'ramp' }
  | { name: 'none' }
  | { name: 'hamming' }
  | { name: 'shepp' }
  | { name: 'cosine' }
  | { name: 'hann' }
  /** values > 1 are Fourier pixels of the unpadded row (IMOD), else cycles/px */
  | { name: 'radial'; cutoff: number; falloff: number }
  /** thicknessPx: the SIRT being mimicked; default the reconstruction's nz */
  | { name: 'sirtlike'; iterations: number; thicknessPx?: number }
  /** ramp along u and the per-view weight cos α / (1 + λ sin² α) */
  | { name: 'seed'; lambda: number };

export const FILTER_NAMES = [
  'ramp',
  'radial',
  'hamming',
  'shepp',
  'cosine',
  'hann',
  'sirtlike',
  'seed',
  'none',
] as const;

const USAGE =
  'valid filters: ramp, radial:CUTOFF,FALLOFF (e.g. radial:0.35,0.035), hamming, shepp, cosine, hann, sirtlike:N, seed:LAMBDA, none';

/** IMOD's usual setting (`RADIAL 0.35 0.035`). */
export const DEFAULT_FILTER: FilterSpec = { name: 'radial', cutoff: 0.35, falloff: 0.035 };

function bad(text: string, why: string): never {
  throw new WedgeLabError('bad-argument', `filter "${text}": ${why}; ${USAGE}`);
}

function numbers(text: string, args: string | undefined, count: readonly number[]): number[] {
  if (args === undefined || args.trim() === '') {
    if (count.includes(0)) return [];
    bad(text, `needs ${count.filter((c) => c > 0).join(' or ')} number(s) after ':'`);
  }
  const parts = args.split(',').map((s) => s.trim());
  if (!count.includes(parts.length))
    bad(text, `expected ${count.join(' or ')} number(s), got ${parts.length}`);
  return parts.map((p) => {
    const v = Number(p);
    if (p === '' || !Number.isFinite(v)) bad(text, `"${p}" is not a number`);
    return v;
  });
}

/** Parses a filter spec string (case-insensitive); unknown names give WedgeLabError('bad-argument'). */
export function parseFilterSpec(text: string): FilterSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).toLowerCase();
  const args = colon < 0 ? undefined : trimmed.slice(colon + 1);
  switch (name) {
    case 'ramp':
    case 'ramlak':
    case 'ram-lak':
      numbers(text, args, [0]);
      return { name: 'ramp' };
    case 'none':
    case 'hamming':
    case 'shepp':
    case 'cosine':
    case 'hann':
      numbers(text, args, [0]);
      return { name };
    case 'radial': {
      const [cutoff, falloff] = numbers(text, args, [2]);
      if (!(cutoff > 0)) bad(text, 'the cutoff must be > 0');
      if (!(falloff >= 0)) bad(text, 'the falloff must be ≥ 0');
      return { name: 'radial', cutoff, falloff };
    }
    case 'sirtlike': {
      const v = numbers(text, args, [1, 2]);
      if (!Number.isInteger(v[0]) || v[0] < 1) bad(text, 'the iteration count must be an integer ≥ 1');
      if (v.length === 2 && !(v[1] > 0)) bad(text, 'the thickness must be > 0 px');
      return v.length === 2
        ? { name: 'sirtlike', iterations: v[0], thicknessPx: v[1] }
        : { name: 'sirtlike', iterations: v[0] };
    }
    case 'seed': {
      const [lambda] = numbers(text, args, [1]);
      if (!(lambda >= 0)) bad(text, 'λ must be ≥ 0');
      return { name: 'seed', lambda };
    }
    default:
      return bad(text, `unknown filter name "${name}"`);
  }
}

/** A spec back to its string form (for reports and the CLI's --json). */
export function formatFilterSpec(spec: FilterSpec): string {
  switch (spec.name) {
    case 'radial':
      return `radial:${spec.cutoff},${spec.falloff}`;
    case 'sirtlike':
      return spec.thicknessPx
        ? `sirtlike:${spec.iterations},${spec.thicknessPx}`
        : `sirtlike:${spec.iterations}`;
    case 'seed':
      return `seed:${spec.lambda}`;
    default:
      return spec.name;
  }
}

export interface FilterContext {
  /** unpadded row length: the unit of IMOD's pixel-valued RADIAL entries */
  nu: number;
  /** thickness of the reconstruction (px), for sirtlike without an explicit thickness */
  thicknessPx?: number;
}

/**
 * The window W(f) = H(f)/|f| that multiplies the discrete ramp, f in cycles/px; `null` for `none`
 * (no ramp at all: plain backprojection).
 */
export function filterWindow(spec: FilterSpec, ctx: FilterContext): ((f: number) => number) | null {
  const ratio = (h: (f: number) => number) => (f: number) => (f === 0 ? 1 : h(f) / f);
  switch (spec.name) {
    case 'none':
      return null;
    case 'ramp':
    case 'seed':
      return () => 1;
    case 'hamming':
      return ratio(hammingResponse);
    case 'shepp':
      return ratio(sheppLoganResponse);
    case 'cosine':
      return ratio(cosineResponse);
    case 'hann':
      return ratio(hannResponse);
    case 'radial': {
      // IMOD tilt: "If the cutoff is greater than 1 the distances are interpreted as pixels in Fourier space"
      // (of the unpadded line; tilt rescales them to its padded FFT), else cycles/px.
      const pixels = spec.cutoff > 1;
      const cutoff = pixels ? spec.cutoff / ctx.nu : spec.cutoff;
      const sigma = pixels ? spec.falloff / ctx.nu : spec.falloff;
      return ratio((f) => radialResponse(f, cutoff, sigma));
    }
    case 'sirtlike': {
      const alpha = sirtLikeAlpha(spec.thicknessPx ?? ctx.thicknessPx ?? ctx.nu);
      return ratio((f) => sirtLikeResponse(f, spec.iterations, alpha));
    }
  }
}
