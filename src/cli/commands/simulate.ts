// wedgelab simulate: a tilt series of a phantom with dose, noise, CTF and misalignment, plus its truth.
// Writes PREFIX.mrc, PREFIX.tlt, PREFIX_truth.mrc and PREFIX_truth.xf.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { WedgeLabError } from '../../core/errors.ts';
import type { CtfParams } from '../../core/acquisition/index.ts';
import { fmt, fmtBytes, table } from '../format.ts';
import { writeFileAtomic } from '../nodeSource.ts';
import type { CommandSpec } from '../spec.ts';

// Kept literal so --help loads no phantom code; simulate.test.ts checks it against PHANTOM_NAMES.
export const PHANTOM_CHOICES = ['spheres', 'shapes', 'shepp', 'capsid', 'vesicles', 'beads'] as const;

const CTF_KEYS: Record<string, keyof CtfParams> = {
  defocus: 'defocusUm',
  voltage: 'voltageKv',
  cs: 'csMm',
  amp: 'amplitudeContrast',
};

/** `defocus=3,voltage=300,cs=2.7,amp=0.07` (any subset; a bare number is the defocus) → CtfParams. */
export function parseCtf(text: string, defaults: CtfParams): CtfParams {
  const out: CtfParams = { ...defaults };
  for (const part of text.split(',').map((s) => s.trim())) {
    if (part === '') continue;
    const [key, value, extra] = part.includes('=') ? part.split('=') : ['defocus', part];
    const field = CTF_KEYS[key.trim().toLowerCase()];
    const v = Number(value);
    if (!field || extra !== undefined || value.trim() === '' || !Number.isFinite(v)) {
      throw new WedgeLabError(
        'bad-argument',
        `--ctf ${text}: cannot read "${part}"; use e.g. defocus=3,voltage=300,cs=2.7,amp=0.07 (µm, kV, mm, fraction)`,
      );
    }
    out[field] = v;
  }
  if (!(out.voltageKv > 0) || !(out.amplitudeContrast >= 0 && out.amplitudeContrast < 1)) {
    throw new WedgeLabError('bad-argument', `--ctf ${text}: voltage must be > 0 kV and amp in [0, 1)`);
  }
  return out;
}

export const simulate: CommandSpec = {
  name: 'simulate',
  summary: 'simulate a tilt series of a phantom (dose, noise, CTF, misalignment) and write its truth',
  description:
    'Projects a deterministic phantom through the tilt geometry, then per view: Grant & Grigorieff dose damping ' +
    '(with --dose), the CTF (with --ctf; contrast-inverted so density stays bright), and Poisson shot noise at the ' +
    'dose through a Beer–Lambert model, converted back to projection units. Without --dose the series is ' +
    'noise-free and, without --ctf, conserves mass in every view. Writes PREFIX.mrc (nx × ny × nviews, float32, ' +
    'tilt angles in an FEI1 extended header), PREFIX.tlt (nominal angles), PREFIX_truth.mrc (nx × ny × nz) and ' +
    'PREFIX_truth.xf (per view, maps the raw image onto the aligned one, IMOD semantics). Warns when mass leaves ' +
    'the detector.',
  positionals: [],
  options: [
    { name: 'phantom', type: 'enum', choices: PHANTOM_CHOICES, default: 'shapes', help: 'phantom family' },
    {
      name: 'size',
      type: 'list',
      count: 3,
      min: 4,
      max: 4096,
      default: [128, 128, 64],
      valueName: 'NX,NY,NZ',
      help: 'volume size, voxels (the detector is NX × NY)',
    },
    {
      name: 'tilt-range',
      type: 'list',
      count: 2,
      min: -89.99,
      max: 89.99,
      default: [-60, 60],
      valueName: 'MIN,MAX',
      help: 'tilt range, degrees',
    },
    { name: 'tilt-step', type: 'number', min: 0.01, default: 2, valueName: 'S', help: 'tilt step, degrees' },
    {
      name: 'angles',
      type: 'list',
      min: -89.99,
      max: 89.99,
      valueName: 'A,B,...',
      help: 'explicit tilt angles in stack order (instead of --tilt-range/--tilt-step)',
    },
    {
      name: 'order',
      type: 'enum',
      choices: ['dose-symmetric', 'bidirectional', 'unidirectional'],
      default: 'dose-symmetric',
      help: 'acquisition order (sets the dose each view has received)',
    },
    {
      name: 'dose',
      type: 'number',
      min: 1e-6,
      valueName: 'E',
      help: 'dose per view, e/Å²: Poisson noise and dose damping; omit for a noise-free series',
    },
    { name: 'no-damping', type: 'flag', help: 'with --dose: noise only, no cumulative-dose damping' },
    {
      name: 'seed',
      type: 'number',
      integer: true,
      default: 1,
      valueName: 'N',
      help: 'seed for the phantom, shifts and noise',
    },
    {
      name: 'shift-sigma',
      type: 'number',
      min: 0,
      default: 0,
      valueName: 'PX',
      help: 'per-view random shifts, Gaussian sigma in pixels',
    },
    {
      name: 'axis-error',
      type: 'number',
      min: -180,
      max: 180,
      default: 0,
      valueName: 'DEG',
      help: 'tilt-axis rotation of the raw images, degrees CCW',
    },
    {
      name: 'angle-offset',
      type: 'number',
      min: -10,
      max: 10,
      default: 0,
      valueName: 'DEG',
      help: 'true tilt = nominal + offset (the .tlt keeps the nominal angles)',
    },
    {
      name: 'ctf',
      type: 'string',
      valueName: 'defocus=3,voltage=300,cs=2.7,amp=0.07',
      help: 'apply a CTF (µm underfocus, kV, mm, amplitude fraction; unspecified keys take these defaults)',
    },
    {
      name: 'pixel-size',
      type: 'number',
      min: 1e-3,
      valueName: 'A',
      help: "pixel (voxel) size in Å; default the phantom's own (10 Å for most)",
    },
    {
      name: 'contrast',
      type: 'number',
      min: 1e-6,
      max: 20,
      default: 0.1,
      help: 'Beer–Lambert optical depth of the densest 0° ray (with --dose)',
    },
    {
      name: 'lowpass',
      type: 'number',
      min: 0,
      default: 0,
      valueName: 'PX',
      help: 'Gaussian low-pass of the phantom, sigma in voxels',
    },
    {
      name: 'thickness',
      type: 'number',
      min: 0,
      valueName: 'NM',
      help: 'specimen thickness: the beam falls as exp(−t/(λ·cos θ)) at high tilt (with --dose)',
    },
    {
      name: 'mfp',
      type: 'number',
      min: 1,
      default: 350,
      valueName: 'NM',
      help: 'inelastic mean free path λ for --thickness',
    },
    {
      name: 'out',
      type: 'string',
      required: true,
      valueName: 'PREFIX',
      help: 'output prefix: PREFIX.mrc, PREFIX.tlt, PREFIX_truth.mrc, PREFIX_truth.xf',
    },
  ],
  examples: [
    'wedgelab simulate --phantom shapes --size 128,128,64 --tilt-range -60,60 --tilt-step 2 --out sim',
    'wedgelab simulate --phantom vesicles --size 256,256,96 --dose 3 --ctf defocus=4 --shift-sigma 2 --out ves',
  ],
  async run(args, ctx) {
    const t0 = performance.now();
    const { DEFAULT_CTF } = await import('../../core/acquisition/index.ts');
    const { simulateTiltSeries, simulationFiles } = await import('../../recon/simulate/index.ts');
    const [nx, ny, nz] = (args.list('size') ?? []).map(Math.round);
    const [lo, hi] = args.list('tilt-range') ?? [-60, 60];
    const ctfText = args.string('ctf');
    const thickness = args.number('thickness');
    if (args.has('angles') && (args.has('tilt-range') || args.has('tilt-step'))) {
      throw new WedgeLabError('bad-argument', 'give either --angles or --tilt-range/--tilt-step, not both');
    }
    const prefix = args.string('out') ?? '';
    const progress = ctx.progress('simulate');
    const result = await simulateTiltSeries(
      {
        phantom: {
          name: args.choice('phantom') ?? 'shapes',
          nx,
          ny,
          nz,
          lowpassSigmaPx: args.number('lowpass'),
        },
        seed: args.number('seed'),
        ...(args.has('angles') ? { anglesDeg: args.list('angles') } : { tiltRangeDeg: [lo, hi] as const }),
        tiltStepDeg: args.number('tilt-step'),
        order: args.choice('order') as 'dose-symmetric' | 'bidirectional' | 'unidirectional',
        doseEA2: args.number('dose'),
        doseDamping: !args.flag('no-damping'),
        pixelSizeA: args.number('pixel-size'),
        contrast: args.number('contrast'),
        shiftSigmaPx: args.number('shift-sigma'),
        axisErrorDeg: args.number('axis-error'),
        angleOffsetDeg: args.number('angle-offset'),
        ctf: ctfText !== undefined ? parseCtf(ctfText, DEFAULT_CTF) : undefined,
        beam:
          thickness !== undefined
            ? { thicknessNm: thickness, meanFreePathNm: args.number('mfp') }
            : undefined,
      },
      { onProgress: (f, detail) => progress.update(f, detail) },
    );
    progress.done();
    const files = simulationFiles(result, prefix, {
      label: `wedgelab simulate ${args.choice('phantom')} seed ${args.number('seed')}`,
    });
    await mkdir(dirname(prefix) || '.', { recursive: true });
    for (const f of files) await writeFileAtomic(f.path, f.bytes);
    for (const w of result.warnings) ctx.warn(w);
    const seconds = (performance.now() - t0) / 1000;
    const ts = result.tiltSeries;
    const json = {
      files: files.map((f) => f.path),
      nviews: ts.nviews,
      seconds,
      warnings: result.warnings,
      nx: ts.nx,
      ny: ts.ny,
      nz: result.truth.nz,
      pixelSizeA: ts.pixelSizeA,
      anglesDeg: result.anglesDeg,
      attenuationPerUnit: result.attenuationPerUnit ?? null,
    };
    const dose = args.number('dose');
    const text = table([
      ...files.map((f, i): [string, string] => [
        i === 0 ? 'wrote' : '',
        `${f.path} (${fmtBytes(f.bytes.length)})`,
      ]),
      ['series', `${ts.nx} × ${ts.ny} × ${ts.nviews} views, ${fmt(ts.pixelSizeA)} Å/px`],
      ['truth', `${result.truth.nx} × ${result.truth.ny} × ${result.truth.nz}`],
      [
        'tilts',
        `${fmt(Math.min(...result.anglesDeg))}° … ${fmt(Math.max(...result.anglesDeg))}°, ${args.choice('order')}`,
      ],
      [
        'dose',
        dose !== undefined
          ? `${fmt(dose)} e/Å² per view, ${fmt(dose * ts.nviews)} total`
          : 'none (noise-free)',
      ],
      ['time', `${fmt(seconds, 3)} s`],
    ]);
    return { json, text };
  },
};
