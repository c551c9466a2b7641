// What a benchmark hands back to the harness (bench/run.ts). One module per benchmark exports an async
// function returning one result or several (e.g. one per volume size).

export interface BenchResult {
  /** row label, e.g. 'metrics 128³' */
  name: string;
  /** how to reproduce the figure by hand, e.g. a `wedgelab` command line */
  command?: string;
  /** wall-clock seconds of the timed work */
  seconds: number;
  /** figures and notes shown beside the time (sub-timings, values, sizes) */
  details: Record<string, number | string>;
  /** the goal in words, e.g. '< 10 s' */
  target?: string;
  met?: boolean;
  /** the GPU adapter used, when any; absent means CPU only */
  gpu?: string;
}

export type BenchFn = () => Promise<BenchResult | BenchResult[]>;

/** A registered benchmark: `load` imports its module lazily, so a missing file skips it instead of failing. */
export interface BenchEntry {
  name: string;
  /** module path relative to bench/, for messages */
  file: string;
  load: () => Promise<BenchFn>;
}
