// Page object for the Simulate / Reconstruct panels, the job progress and the three orthoslice views.
import type { Locator, Page } from 'playwright-core';
import { MARGIN } from '../../src/render/orthoModel.ts';

export type ViewAxis = 'xy' | 'xz' | 'yz';

export interface ViewSignature {
  hash: number;
  /** distinct gray levels (red channel) */
  levels: number;
  width: number;
  height: number;
}

/** What a view shows, read back from its canvas whichever renderer draws it. */
export interface ViewTexels {
  /** 'webgl': one canvas over the whole view (three.js in the render worker); '2d': one pixel per voxel */
  kind: 'webgl' | '2d';
  /** the canvas's pixel size */
  width: number;
  height: number;
  /** gray level (red channel) at each texel's centre, row 0 at the bottom, horizontal index fastest */
  gray: number[];
  /** the most crosshair-coloured pixels in one column / one row of the canvas, by slice colour */
  lines: { yz: number; xz: number; xy: number };
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

  /** Hash and gray levels of a view's canvas (the WebGL view, or the 2D fallback's one pixel per voxel), read back. */
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

  /** Which renderer draws the views ('webgl-worker' or 'canvas-2d'), once the page knows. */
  async renderer(timeout = 20_000): Promise<string> {
    const views = this.page.getByTestId('ortho-views');
    await this.page
      .locator('[data-testid=ortho-views]:not([data-renderer=pending])')
      .waitFor({ timeout, state: 'attached' });
    return (await views.getAttribute('data-renderer')) ?? '';
  }

  /**
   * The gray level at each texel centre of a view's `w × h` image, and the crosshair lines, read back from
   * its canvas. The WebGL view's image sits where src/render/orthoModel.ts fitImage puts it (same formula).
   */
  async viewTexels(axis: ViewAxis, w: number, h: number): Promise<ViewTexels> {
    return this.view(axis).evaluate(
      (el, { w, h, margin }) => {
        // no named inner functions here: the test's transpiler would wrap them in a helper the page lacks
        const c = el.querySelector('canvas') as HTMLCanvasElement;
        const tmp = document.createElement('canvas');
        tmp.width = c.width;
        tmp.height = c.height;
        const ctx = tmp.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(c, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const gray: number[] = [];
        const twoD = el.querySelector('.slice-frame') !== null;
        if (twoD) {
          for (let j = 0; j < h; j++)
            for (let i = 0; i < w; i++) gray.push(d[4 * ((h - 1 - j) * c.width + i)]);
        } else {
          const box = { width: c.clientWidth, height: c.clientHeight };
          const scale = Math.min(box.width / (w * margin), box.height / (h * margin));
          const rw = Math.round(w * scale);
          const rh = Math.round(h * scale);
          const left = Math.round((box.width - rw) / 2);
          const top = Math.round((box.height - rh) / 2);
          const px = c.width / box.width;
          for (let j = 0; j < h; j++) {
            const y = Math.floor((top + rh - ((j + 0.5) / h) * rh) * px);
            for (let i = 0; i < w; i++) {
              const x = Math.floor((left + ((i + 0.5) / w) * rw) * px);
              gray.push(d[4 * (y * c.width + x)]);
            }
          }
        }
        // crosshair colours (render/orthoModel.ts SLICE_COLORS, 80 % over the image), counted per column and row
        const names = ['xy', 'xz', 'yz'] as const;
        const cols = names.map(() => new Array<number>(c.width).fill(0));
        const rows = names.map(() => new Array<number>(c.height).fill(0));
        for (let y = 0; y < c.height; y++) {
          for (let x = 0; x < c.width; x++) {
            const o = 4 * (y * c.width + x);
            const [r, g, b] = [d[o], d[o + 1], d[o + 2]];
            const k =
              b > r + 60 && g > r + 40 ? 0 : r > b + 60 && g > b + 30 ? 1 : r > g + 30 && b > g + 30 ? 2 : -1;
            if (k < 0) continue;
            cols[k][x]++;
            rows[k][y]++;
          }
        }
        const lines = { xy: 0, xz: 0, yz: 0 };
        names.forEach((n, k) => (lines[n] = Math.max(0, ...cols[k], ...rows[k])));
        return {
          kind: twoD ? ('2d' as const) : ('webgl' as const),
          width: c.width,
          height: c.height,
          gray,
          lines,
        };
      },
      { w, h, margin: MARGIN },
    );
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
  /**
   * The views once drawn and no longer changing for `steadyMs`: a result is drawn first with its display window
   * and again when its contrast statistics arrive from the data worker.
   */
  async waitForSteadyViews(steadyMs = 800, timeout = 20_000): Promise<Record<ViewAxis, ViewSignature>> {
    const until = Date.now() + timeout;
    let last = await this.waitForViews(16, timeout);
    let since = Date.now();
    while (Date.now() - since < steadyMs) {
      if (Date.now() > until) throw new Error(`orthoslice views still changing after ${timeout} ms`);
      await this.page.waitForTimeout(100);
      const s = await this.waitForViews(16, timeout);
      if ((['xy', 'xz', 'yz'] as const).some((a) => s[a].hash !== last[a].hash)) {
        last = s;
        since = Date.now();
      }
    }
    return last;
  }

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
