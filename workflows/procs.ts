// Child processes for the batch test: the real snakemake, Slurm and wedgelab, timed, never mocked.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
export const WEDGELAB = join(REPO, 'bin', 'wedgelab.js');
export const SNAKEFILE = join(REPO, 'workflows', 'Snakefile');
export const PROFILE = join(REPO, 'workflows', 'slurm');
export const CLUSTER = join(REPO, 'workflows', 'slurm', 'local-cluster.sh');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const t0 = performance.now();
  return new Promise<Ran>((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, stdout, stderr, seconds: (performance.now() - t0) / 1000 }),
    );
  });
}

export const wedgelab = (args: string[], cwd?: string) => run(process.execPath, [WEDGELAB, ...args], { cwd });

/** Throws (so the test fails, never skips) when a tool the batch path needs is not installed. */
export function requireTools(): void {
  const missing = [
    'snakemake',
    'sbatch',
    'scontrol',
    'sinfo',
    'slurmctld',
    'slurmd',
    'munged',
    'mungekey',
  ].filter((bin) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(
      `missing ${missing.join(', ')}: apt-get install -y snakemake slurm-wlm munge (scripts/test.sh does)`,
    );
  }
}

/** The series a Snakemake log says it started, from its `wildcards: stem=...` lines. */
export function startedStems(log: string): string[] {
  return [...log.matchAll(/wildcards: stem=(\S+)/g)].map((m) => m[1]).sort();
}
