// Page object for teaching mode: open it, move its sliders, read what the Fourier views drew.
import type { Locator, Page } from 'playwright-core';

export { shot, shotOf } from './shots.ts';

export class Teach {
  constructor(readonly page: Page) {}

  /** Opens the page, then teaching mode at `size`³ (the first update done). */
  async open(baseUrl: string, size = 64): Promise<void> {
    await this.page.goto(baseUrl);
    await this.page.getByTestId('teach-toggle').click();
    await this.page.getByTestId('teach-mode').waitFor();
    if (size !== 128) await this.page.getByTestId('teach-size').selectOption(String(size));
    await this.waitForEdges(-60, 60);
    await this.waitForScore();
  }

  get range(): Locator {
    return this.page.getByTestId('teach-range');
  }

  /** the reconstruction's Fourier view */
  get recFourier(): Locator {
    return this.page.getByTestId('teach-reconstruction').getByTestId('fourier-view');
  }

  /** Presses a key on the focused range slider (arrows, Home, End: the native slider's keys). */
  async rangeKey(key: string, times = 1): Promise<void> {
    await this.range.focus();
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key);
  }

  /** Until the reconstruction's Fourier view shows the wedge edges of [lo, hi] (screen angles, degrees). */
  async waitForEdges(lo: number, hi: number, timeout = 45_000): Promise<void> {
    const want = [lo, hi].map((a) => (a <= -90 ? a + 180 : a)).join(',');
    try {
      await this.page
        .locator(`[data-testid=teach-reconstruction] [data-testid=fourier-view][data-edges-deg="${want}"]`)
        .waitFor({ timeout });
    } catch (e) {
      const status = await this.page.getByTestId('teach-status').innerText();
      const drawn = await this.recFourier.getAttribute('data-edges-deg').catch(() => null);
      const value = await this.range.inputValue();
      throw new Error(`no edges ${want}: slider ${value}, drawn ${drawn}, status "${status}" (${String(e)})`);
    }
  }

  /** Until the shown series (the middle row's sinogram) covers [lo, hi] degrees. */
  async waitForSeries(lo: number, hi: number, timeout = 45_000): Promise<void> {
    await this.page
      .locator(`[data-testid=teach-reconstruction] .teach-series[data-range="${lo},${hi}"]`)
      .waitFor({ timeout });
  }

  /** What a sinogram canvas shows in the row of `deg` (+90° on top): a grey view, or the unmeasured hatch. */
  async seriesRowKind(testId: string, deg: number): Promise<'grey' | 'hatch'> {
    return this.page.getByTestId(testId).evaluate((c, d) => {
      const el = c as HTMLCanvasElement;
      const row = el.getContext('2d')!.getImageData(0, 90 - d, el.width, 1).data;
      let coloured = 0;
      for (let i = 0; i < row.length; i += 4) if (row[i] !== row[i + 2]) coloured++;
      return coloured > 0 ? 'hatch' : 'grey';
    }, deg);
  }

  /** Until the directional FSC of the shown update is in; returns measured and missing. */
  async waitForScore(timeout = 45_000): Promise<{ present: number; missing: number }> {
    const missing = this.page.locator('[data-testid=teach-fsc-missing]:not([data-value=""])');
    await missing.waitFor({ timeout });
    const value = async (id: string) => Number(await this.page.getByTestId(id).getAttribute('data-value'));
    return { present: await value('teach-fsc-present'), missing: await value('teach-fsc-missing') };
  }

  /** A canvas's RGBA backing store. */
  async pixels(canvas: Locator): Promise<number[]> {
    return canvas.evaluate((c) => {
      const el = c as HTMLCanvasElement;
      return Array.from(el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data);
    });
  }

  /**
   * The fraction of points along the ray at `angleDeg` (screen angle from +kx, counter-clockwise, from the
   * origin out to 0.45 of the side) that have a pixel of colour `rgb` within 2 px.
   */
  async rayCoverage(angleDeg: number, rgb: readonly number[]): Promise<number> {
    const canvas = this.recFourier.getByTestId('fourier-canvas');
    return canvas.evaluate(
      (c, [angle, colour]) => {
        const el = c as HTMLCanvasElement;
        const s = el.width;
        const d = el.getContext('2d')!.getImageData(0, 0, s, s).data;
        const t = ((angle as number) * Math.PI) / 180;
        // no named inner functions here: the page has no tsx helpers to run them
        let hit = 0;
        let n = 0;
        for (let r = 0.15 * s; r <= 0.45 * s; r += 2) {
          n++;
          const x = s / 2 + r * Math.cos(t);
          const y = s / 2 - r * Math.sin(t);
          let found = false;
          for (let dy = -2; dy <= 2 && !found; dy++) {
            for (let dx = -2; dx <= 2 && !found; dx++) {
              const i = 4 * (Math.round(x + dx) + s * Math.round(y + dy));
              const diff =
                Math.abs(d[i] - colour[0]) + Math.abs(d[i + 1] - colour[1]) + Math.abs(d[i + 2] - colour[2]);
              if (diff < 60) found = true;
            }
          }
          if (found) hit++;
        }
        return hit / n;
      },
      [angleDeg, rgb] as const,
    );
  }
}

/** Mean absolute difference of two RGBA arrays (grey levels). */
export function meanDifference(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / Math.max(1, a.length);
}
