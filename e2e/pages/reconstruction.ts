// Page object for the Simulate / Reconstruct panels, the job progress and the three orthoslice views.
import type { Locator, Page } from 'playwright-core';

export type ViewAxis = 'xy' | 'xz' | 'yz';

export interface ViewSignature {
  hash: number;
  /** distinct gray levels (red channel) */
  levels: number;
  width: number;
  height: number;
}

export class Reconstruction {
  constructor(readonly page: Page) {}

  get progress(): Locator {
    return this.page.getByTestId('job-progress');
  }

  get button(): Locator {
    return this.page.getByTestId('reconstruct-button');
  }

  get deviceLine(): Locator {
    return this.page.getByTestId('recon-device');
  }

  get metrics(): Locator {
    return this.page.getByTestId('metrics');
  }

  view(axis: ViewAxis): Locator {
    return this.page.getByTestId(`view-${axis}`);
  }

  async setField(testId: string, value: string | number): Promise<void> {
    const el = this.page.getByTestId(testId);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(value));
    else await el.fill(String(value));
  }

  /** Records, from now on, whether job-progress ever appears (a short job may come and go between polls). */
  async watchProgress(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __progressSeen?: boolean };
      w.__progressSeen = false;
      const observer = new MutationObserver(() => {
        if (document.querySelector('[data-testid=job-progress]') !== null) {
          w.__progressSeen = true;
          observer.disconnect();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  }

  async progressWasSeen(): Promise<boolean> {
    return this.page.evaluate(
      () => (window as unknown as { __progressSeen?: boolean }).__progressSeen === true,
    );
  }

  /** Hash and gray levels of a view's image canvas (one pixel per voxel; drawn into a 2D canvas and read). */
  async viewSignature(axis: ViewAxis): Promise<ViewSignature> {
    return this.view(axis).evaluate((el) => {
      const gl = el.querySelector('canvas');
      if (!gl || gl.width === 0 || gl.height === 0) return { hash: 0, levels: 0, width: 0, height: 0 };
      const c = document.createElement('canvas');
      c.width = gl.width;
      c.height = gl.height;
      const ctx = c.getContext('2d');
      if (!ctx) return { hash: 0, levels: 0, width: 0, height: 0 };
      ctx.drawImage(gl, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      let hash = 0;
      for (let i = 0; i < d.length; i += 4) {
        hash = (Math.imul(hash, 31) + d[i]) | 0;
        seen.add(d[i]);
      }
      return { hash, levels: seen.size, width: c.width, height: c.height };
    });
  }

  /** Waits until all three views show an image (more than `minLevels` gray levels). */
  async waitForViews(minLevels = 16, timeout = 20_000): Promise<Record<ViewAxis, ViewSignature>> {
    const until = Date.now() + timeout;
    for (;;) {
      const s = {
        xy: await this.viewSignature('xy'),
        xz: await this.viewSignature('xz'),
        yz: await this.viewSignature('yz'),
      };
      if (Object.values(s).every((v) => v.levels > minLevels)) return s;
      if (Date.now() > until)
        throw new Error(`orthoslice views still blank after ${timeout} ms: ${JSON.stringify(s)}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits until a view's pixels differ from `hash`. */
  async waitForViewChange(axis: ViewAxis, hash: number, timeout = 20_000): Promise<ViewSignature> {
    const until = Date.now() + timeout;
    for (;;) {
      const s = await this.viewSignature(axis);
      if (s.hash !== hash && s.levels > 1) return s;
      if (Date.now() > until) throw new Error(`view ${axis} did not change within ${timeout} ms`);
      await this.page.waitForTimeout(50);
    }
  }

  /** Simulate with the panel: fields by test id, then Generate. */
  async simulate(fields: Record<string, string | number>): Promise<void> {
    for (const [id, v] of Object.entries(fields)) await this.setField(id, v);
    await this.page.getByTestId('simulate-button').click();
  }

  /** Chooses a method (and fields), then clicks Reconstruct. */
  async reconstruct(fields: Record<string, string | number> = {}): Promise<void> {
    for (const [id, v] of Object.entries(fields)) await this.setField(id, v);
    await this.button.click();
  }

  async waitForResult(timeout = 60_000): Promise<string> {
    await this.deviceLine.waitFor({ timeout });
    return this.deviceLine.innerText();
  }
}
