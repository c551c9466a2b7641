// What a browser tab may use for one job: ?budgetMB=N in the page's query (MiB; a testing and power-user
// knob: ?budgetMB=1 sends even the demo through slab mode), else half the device memory where the browser
// tells it (at most 4 GiB), else 2 GiB. A worker's own location has no page query: the page passes its
// budget along with each job.
const GiB = 2 ** 30;

export function browserBudgetBytes(
  search = (globalThis as { location?: { search?: string } }).location?.search,
): number {
  const mb = Number(new URLSearchParams(search ?? '').get('budgetMB') ?? NaN);
  if (Number.isFinite(mb) && mb > 0) return mb * 2 ** 20;
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return gib && gib > 0 ? Math.min(4, gib / 2) * GiB : 2 * GiB;
}
