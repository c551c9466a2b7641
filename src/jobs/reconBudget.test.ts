// The browser's reconstruct job refuses, in one line, what would not fit a tab.
import { describe, expect, it } from 'vitest';
import { browserBudgetBytes, checkBrowserRecon, estimateBrowserRecon } from './reconBudget.ts';

describe('checkBrowserRecon', () => {
  const big = { nu: 2048, nv: 2048, nviews: 61, method: 'wbp', thickness: 500 };
  it('refuses a 2k × 2k × 500 WBP naming what fits and the CLI', () => {
    expect(estimateBrowserRecon(big).volumeBytes).toBe(4 * 2048 * 2048 * 500);
    expect(() => checkBrowserRecon(big, 2 * 2 ** 30)).toThrow(
      /needs about .* GiB and a browser tab has about 2\.0 GiB; use (bin \d|thickness).*, or the wedgelab CLI/,
    );
  });
  it('lets a small job through', () => {
    expect(() => checkBrowserRecon({ ...big, nu: 256, nv: 256, thickness: 128 }, 2 * 2 ** 30)).not.toThrow();
  });
});

describe('browserBudgetBytes', () => {
  it('takes ?budgetMB=N (MiB) from the page query, else a default of at least 2 GiB', () => {
    expect(browserBudgetBytes('?budgetMB=1')).toBe(2 ** 20);
    expect(browserBudgetBytes('?worker=0&budgetMB=512')).toBe(512 * 2 ** 20);
    expect(browserBudgetBytes('?budgetMB=-3')).toBeGreaterThanOrEqual(2 * 2 ** 30);
    expect(browserBudgetBytes('')).toBeGreaterThanOrEqual(2 * 2 ** 30);
  });
});
