// Main-thread long tasks (the Long Tasks API: every task over 50 ms, with its start and duration) recorded
// from the page's first script on, and read back for a time window (so the page's startup is never counted).
import type { Page } from 'playwright-core';

interface LongTaskLog {
  __longTasks: { start: number; duration: number }[];
  __longTaskObserver: PerformanceObserver;
}

/** Starts recording; call before the page is opened. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskLog;
    w.__longTasks = [];
    w.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    });
    w.__longTaskObserver.observe({ type: 'longtask', buffered: true });
  });
}

/** The page's clock (performance.now()), to mark the start of a window. */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Durations (ms) of the long tasks that started at or after `since`, including those not yet delivered. */
export function longTasksSince(page: Page, since: number): Promise<number[]> {
  return page.evaluate((t0) => {
    const w = window as unknown as LongTaskLog;
    for (const e of w.__longTaskObserver.takeRecords()) {
      w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }
    return w.__longTasks.filter((t) => t.start >= t0).map((t) => t.duration);
  }, since);
}
