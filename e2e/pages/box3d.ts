// Page object for the 3D box view: its toggle, its pane, and what its canvas shows (read back in the page).
import type { Locator, Page } from 'playwright-core';

export interface BoxPixels {
  /** pixels that are not the view's background */
  drawn: number;
  /** a hash of every pixel (any change in the picture changes it) */
  hash: string;
}

export class Box3d {
  constructor(readonly page: Page) {}

  get toggle(): Locator {
    return this.page.getByTestId('view-3d-toggle');
  }

  get view(): Locator {
    return this.page.getByTestId('view-3d');
  }

  async show(): Promise<void> {
    await this.toggle.click();
    await this.page.locator('[data-testid="view-3d"][data-state="ready"]').waitFor();
  }

  /** The canvas's pixels (the worker's last frame; the canvas keeps its drawing buffer). */
  async pixels(): Promise<BoxPixels> {
    return this.view.evaluate((el) => {
      const c = el.querySelector('canvas') as HTMLCanvasElement | null;
      // not yet sized by the worker's first frame at the view's size: nothing to judge yet
      const dpr = Math.min(2, devicePixelRatio || 1);
      if (!c || c.width === 0 || c.width !== Math.round(c.clientWidth * dpr)) return { drawn: 0, hash: '' };
      const tmp = document.createElement('canvas');
      tmp.width = c.width;
      tmp.height = c.height;
      const ctx = tmp.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(c, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let drawn = 0;
      let h1 = 0x811c9dc5;
      let h2 = 0;
      for (let i = 0; i < d.length; i += 4) {
        // the background is VIEW_BACKGROUND, #0b0e12
        if (d[i + 3] > 0 && Math.abs(d[i] - 0x0b) + Math.abs(d[i + 1] - 0x0e) + Math.abs(d[i + 2] - 0x12) > 6)
          drawn++;
        const v = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        h1 = Math.imul(h1 ^ v, 16777619);
        h2 = (h2 + v * ((i >> 2) + 1)) % 2147483647;
      }
      return { drawn, hash: `${(h1 >>> 0).toString(16)}-${h2.toString(16)}-${c.width}x${c.height}` };
    });
  }

  /** Waits until the view has drawn more than `minDrawn` pixels, then for it to settle. */
  async waitForDrawn(minDrawn: number, timeout = 10_000): Promise<BoxPixels> {
    const until = Date.now() + timeout;
    let last = await this.pixels();
    for (;;) {
      await this.page.waitForTimeout(100);
      const now = await this.pixels();
      if (now.drawn > minDrawn && now.hash === last.hash) return now;
      if (Date.now() > until) throw new Error(`the 3D view drew ${now.drawn} pixels within ${timeout} ms`);
      last = now;
    }
  }

  /** Waits until the picture is other than `before`, and settled. */
  async waitForChange(before: BoxPixels, timeout = 10_000): Promise<BoxPixels> {
    const until = Date.now() + timeout;
    let last = await this.pixels();
    for (;;) {
      await this.page.waitForTimeout(100);
      const now = await this.pixels();
      if (now.hash !== before.hash && now.hash === last.hash) return now;
      if (Date.now() > until) throw new Error(`the 3D view did not change within ${timeout} ms`);
      last = now;
    }
  }

  /** Waits until the picture is `want` again (e.g. after Reset). */
  async waitFor(want: BoxPixels, timeout = 5_000): Promise<BoxPixels> {
    const until = Date.now() + timeout;
    let now = await this.pixels();
    while (now.hash !== want.hash && Date.now() < until) {
      await this.page.waitForTimeout(100);
      now = await this.pixels();
    }
    return now;
  }
}
