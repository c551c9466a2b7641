// Memory a reconstruction job in the browser needs, estimated from sizes before any volume is allocated,
// and the one-line refusal when the whole volume would not fit a tab. The budget can be lowered or raised
// with the page's ?budgetMB=N (a testing / power-user knob: ?budgetMB=1 forces slab mode on the demo).
import { WedgeLabError } from '../core/errors.ts';

const GiB = 2 ** 30;
/** Volume- and projection-sized arrays alive at each method's peak (as src/cli/reconMemory.ts counts). */
const ARRAYS: Record<string, { volumes: number; stacks: number }> = {
  wbp: { volumes: 1, stacks: 1 },
  sirt: { volumes: 5, stacks: 4 },
  sart: { volumes: 5, stacks: 4 },
  tv: { volumes: 17, stacks: 5 },
};

export interface BrowserReconSize {
  nu: number;
  nv: number;
  nviews: number;
  method: string;
  /** unbinned pixels */
  thickness: number;
  bin?: number;
}

/**
 * What a tab may use: ?budgetMB=N in the page's query (MiB) when given, else half the device memory where
 * the browser tells it (at most 4 GiB), else 2 GiB. A worker's own location has no page query: the page
 * passes its budget along with each job.
 */
export function browserBudgetBytes(
  search = (globalThis as { location?: { search?: string } }).location?.search,
): number {
  const mb = Number(new URLSearchParams(search ?? '').get('budgetMB') ?? NaN);
  if (Number.isFinite(mb) && mb > 0) return mb * 2 ** 20;
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return gib && gib > 0 ? Math.min(4, gib / 2) * GiB : 2 * GiB;
}

export function estimateBrowserRecon(s: BrowserReconSize): { totalBytes: number; volumeBytes: number } {
  const bin = s.bin ?? 1;
  const nx = Math.max(2, Math.round(s.nu / bin));
  const ny = Math.floor(s.nv / bin);
  const nz = Math.max(1, Math.round(s.thickness / bin));
  const volumeBytes = 4 * nx * ny * nz;
  const seriesBytes = 4 * s.nu * s.nv * s.nviews;
  const stackBytes = 4 * Math.floor(s.nu / bin) * ny * s.nviews;
  const a = ARRAYS[s.method] ?? ARRAYS.tv;
  // + the series as loaded and the copy of the volume handed back to the page
  const totalBytes = seriesBytes + (a.volumes + 1) * volumeBytes + a.stacks * stackBytes;
  return { totalBytes, volumeBytes };
}

const gb = (b: number): string => `${(b / GiB).toFixed(1)} GiB`;

/** Throws WedgeLabError('too-large') with a bin/thickness that would fit, or the CLI's slab mode. */
export function checkBrowserRecon(s: BrowserReconSize, budgetBytes = browserBudgetBytes()): void {
  const e = estimateBrowserRecon(s);
  if (e.totalBytes <= budgetBytes && e.volumeBytes <= 2 * GiB) return;
  const fits = (x: BrowserReconSize) => {
    const y = estimateBrowserRecon(x);
    return y.totalBytes <= budgetBytes && y.volumeBytes <= 2 * GiB;
  };
  const bin = [2, 4, 8].find((b) => b > (s.bin ?? 1) && fits({ ...s, bin: b }));
  let t = Math.floor(s.thickness / 2);
  while (t >= 1 && !fits({ ...s, thickness: t })) t = Math.floor(t / 2);
  const advice = [bin ? `bin ${bin}` : '', t >= 1 ? `thickness ≤ ${t}` : ''].filter(Boolean).join(' or ');
  throw new WedgeLabError(
    'too-large',
    `this ${s.method} reconstruction needs about ${gb(e.totalBytes)} and a browser tab has about ${gb(budgetBytes)}; use ${advice || 'a smaller series'}, or the wedgelab CLI (reconstruct runs large volumes in slabs)`,
  );
}
