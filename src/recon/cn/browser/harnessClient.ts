// Node side of the browser SIREN harness: a Vite dev server for harness.html and Debian's Chromium, shared by
// the kernel test and the cn-browser benchmark.
import { startViteChromium } from '../../../testing/viteChromium.ts';
import type { CnHarnessRequest, CnHarnessResult } from './harness.ts';

export interface CnHarness {
  run(req: CnHarnessRequest): Promise<CnHarnessResult>;
  close(): Promise<void>;
}

export async function openCnHarness(): Promise<CnHarness> {
  const vc = await startViteChromium();
  const page = await vc.browser.newPage();
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  page.on('pageerror', (e) => messages.push(e.message));
  await page.goto(`${vc.baseUrl}/src/recon/cn/browser/harness.html`);
  await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
  return {
    run: (req) =>
      page
        .evaluate(
          (r) =>
            (
              globalThis as unknown as {
                wedgelabCnHarness: (q: CnHarnessRequest) => Promise<CnHarnessResult>;
              }
            ).wedgelabCnHarness(r),
          req,
        )
        .catch((e: unknown) => {
          throw new Error(
            `${e instanceof Error ? e.message : String(e)}\nbrowser console:\n${messages.join('\n')}`,
          );
        }),
    close: () => vc.close(),
  };
}
