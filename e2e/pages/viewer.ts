// Page object for the orthoslice viewer's controls: focus and keys, zoom, the display toolbar, and the colours
// a view shows at each texel centre (whichever renderer draws it).
import { createHash } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { MARGIN } from '../../src/render/orthoModel.ts';
import type { ViewAxis } from './reconstruction.ts';

export class Viewer {
  constructor(readonly page: Page) {}

  view(axis: ViewAxis): Locator {
    return this.page.getByTestId(`view-${axis}`);
  }

  label(axis: ViewAxis): Promise<string> {
    return this.view(axis).locator('.view-label').innerText();
  }

  async choose(control: 'contrast' | 'colormap' | 'slab', value: string | number): Promise<void> {
    await this.page.getByTestId(`ortho-${control}`).selectOption(String(value));
  }

  /**
   * A hash of what the view shows on screen (an element screenshot): the image, the crosshair lines and the
   * label, whichever renderer draws them (the 2D fallback's lines are DOM elements over its canvas). Inset by
   * 3 px: the focus ring (drawn inside the border) is not part of what the view shows.
   */
  async pixels(axis: ViewAxis): Promise<string> {
    const b = await this.view(axis).boundingBox();
    if (!b) return '';
    const clip = { x: b.x + 3, y: b.y + 3, width: b.width - 6, height: b.height - 6 };
    const png = await this.page.screenshot({ clip, animations: 'disabled' });
    return createHash('sha1').update(png).digest('hex');
  }

  async waitForPixelChange(axis: ViewAxis, before: string, timeout = 10_000): Promise<string> {
    return this.waitForChange(() => this.pixels(axis), before, timeout);
  }

  /** Waits until the view shows `want` again (e.g. after a reset). */
  async waitForPixels(axis: ViewAxis, want: string, timeout = 5_000): Promise<string> {
    const until = Date.now() + timeout;
    let now = await this.pixels(axis);
    while (now !== want && Date.now() < until) {
      await this.page.waitForTimeout(50);
      now = await this.pixels(axis);
    }
    return now;
  }

  /** The display window the legend names, as numbers (the histogram's data-lo / data-hi). */
  async window(): Promise<{ lo: number; hi: number }> {
    const h = this.page.getByTestId('ortho-histogram');
    await h.waitFor();
    return { lo: Number(await h.getAttribute('data-lo')), hi: Number(await h.getAttribute('data-hi')) };
  }

  /** Waits until `read` returns something other than `before` (compared as JSON). */
  async waitForChange<T>(read: () => Promise<T>, before: T, timeout = 10_000): Promise<T> {
    const until = Date.now() + timeout;
    const was = JSON.stringify(before);
    for (;;) {
      const now = await read();
      if (JSON.stringify(now) !== was) return now;
      if (Date.now() > until) throw new Error(`no change within ${timeout} ms`);
      await this.page.waitForTimeout(50);
    }
  }

  /**
   * [r, g, b] at each texel centre of a view's unzoomed `w × h` image (row 0 at the bottom, horizontal index
   * fastest), read back from its canvas; the WebGL view's image sits where orthoModel's fitImage puts it.
   */
  async texelColors(axis: ViewAxis, w: number, h: number): Promise<[number, number, number][]> {
    return this.view(axis).evaluate(
      (el, { w, h, margin }) => {
        const c = el.querySelector('canvas') as HTMLCanvasElement;
        const tmp = document.createElement('canvas');
        tmp.width = c.width;
        tmp.height = c.height;
        const ctx = tmp.getContext('2d') as CanvasRenderingContext2D;
        ctx.drawImage(c, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        const out: [number, number, number][] = [];
        if (el.querySelector('.slice-frame') !== null) {
          for (let j = 0; j < h; j++)
            for (let i = 0; i < w; i++) {
              const o = 4 * ((h - 1 - j) * c.width + i);
              out.push([d[o], d[o + 1], d[o + 2]]);
            }
          return out;
        }
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
            const o = 4 * (y * c.width + x);
            out.push([d[o], d[o + 1], d[o + 2]]);
          }
        }
        return out;
      },
      { w, h, margin: MARGIN },
    );
  }
}

/** The share of texels where `f(a, b)` holds. */
export function share<T>(a: T[], b: T[], f: (x: T, y: T) => boolean): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (f(a[i], b[i])) n++;
  return n / a.length;
}
