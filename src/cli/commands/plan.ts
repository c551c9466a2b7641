// wedgelab plan R.json --json: what a run would need (memory, threads, GPU, expected seconds, whole or slabs)
// without reading any pixel, for schedulers (the Snakemake workflow sizes its Slurm jobs with it).
import { fmt, table } from '../format.ts';
import { createNodeHost } from '../nodeHost.ts';
import type { CommandSpec } from '../spec.ts';
import { version } from '../version.ts';
import { replayOptions, replayRecipe } from './run.ts';

export const plan: CommandSpec = {
  name: 'plan',
  summary: 'estimate a recipe’s memory, threads, device and time without running it',
  description:
    'Reads the recipe and the stack’s header (never its pixels), chooses the device as a run would, and plans ' +
    'the memory (whole volume or slabs). JSON: {mode: "whole"|"slabs", memoryMB (peak, rounded up), peakBytes, threads (null on the GPU), ' +
    'gpu, deviceName, seconds (expected compute, from the measured voxel-update rate), slabs, slabRows, nx, ny, nz}.',
  positionals: [{ name: 'R.json', help: 'a recipe ("wedgelab": "recipe/1")' }],
  options: replayOptions,
  examples: [
    'wedgelab plan r.json --json',
    'wedgelab plan r.json --input TS_02.mrc --tilts TS_02.tlt --json',
  ],
  async run(args, ctx) {
    const recipe = await replayRecipe(args, args.positional('R.json') ?? '');
    const { prepareRun, expectedSeconds, jobDims, describePlan } = await import('../../pipeline/index.ts');
    const host = createNodeHost(ctx, version(), 'plan');
    try {
      const prep = await prepareRun(recipe, host);
      const v = jobDims(prep.size).volume;
      const p = prep.plan;
      const json = {
        mode: p.mode,
        memoryMB: Math.ceil(p.peakBytes / 1e6),
        peakBytes: p.peakBytes,
        threads: prep.device.threads,
        gpu: prep.device.kind === 'gpu',
        deviceName: prep.device.name,
        seconds: expectedSeconds(prep),
        slabs: p.mode === 'slabs' ? p.slabs : 1,
        slabRows: p.mode === 'slabs' ? p.slabRows : v.ny,
        nx: v.nx,
        ny: v.ny,
        nz: v.nz,
      };
      const text = table([
        ['plan', describePlan(p)],
        ['volume', `${v.nx} × ${v.ny} × ${v.nz}, ${prep.recipe.reconstruct.method}`],
        ['device', prep.device.name],
        ['expected', `≈ ${fmt(json.seconds, 2)} s compute`],
      ]);
      return { json, text };
    } finally {
      await host.dispose();
    }
  },
};
