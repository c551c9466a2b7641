// Page object for the workbench: what a user does (open, choose, drop, slide) and what they see.
import type { Locator, Page } from 'playwright-core';

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export class Workbench {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(this.baseUrl + query);
  }

  get info(): Locator {
    return this.page.getByTestId('dataset-info');
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  get slider(): Locator {
    return this.page.getByTestId('section-slider');
  }

  get canvas(): Locator {
    return this.page.getByTestId('section-canvas');
  }

  /** Waits until the dataset panel shows `text` (e.g. "20 × 20 × 20"). */
  async waitForInfo(text: string, timeout = 20_000): Promise<void> {
    await this.info.filter({ hasText: text }).waitFor({ timeout });
  }

  async waitForAlert(text: string, timeout = 20_000): Promise<string> {
    await this.alert.filter({ hasText: text }).waitFor({ timeout });
    return this.alert.innerText();
  }

  /** Does `action` and waits for an alert naming `text`; returns the alert's text. */
  async waitForAlertAfter(action: () => Promise<void>, text: string): Promise<string> {
    await action();
    return this.waitForAlert(text);
  }

  async dismissAlert(): Promise<void> {
    await this.page.getByRole('button', { name: 'Dismiss error' }).click();
    await this.alert.waitFor({ state: 'detached' });
  }

  /** Chooses files with the file input. */
  async choose(...files: FilePayload[]): Promise<void> {
    await this.page.getByTestId('file-input').setInputFiles(files);
  }

  /** Drops files on the page as a user dragging them from a file manager would. */
  async drop(...files: FilePayload[]): Promise<void> {
    const payload = files.map((f) => ({ name: f.name, type: f.mimeType, b64: f.buffer.toString('base64') }));
    const dataTransfer = await this.page.evaluateHandle((items) => {
      const dt = new DataTransfer();
      for (const it of items) {
        const bytes = Uint8Array.from(atob(it.b64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], it.name, { type: it.type }));
      }
      return dt;
    }, payload);
    const target = this.page.locator('main');
    await target.dispatchEvent('dragenter', { dataTransfer });
    await target.dispatchEvent('dragover', { dataTransfer });
    await target.dispatchEvent('drop', { dataTransfer });
  }

  /** A hash of the canvas pixels, and how many distinct gray levels it has. */
  async canvasSignature(): Promise<{ hash: number; levels: number; width: number; height: number }> {
    return this.canvas.evaluate((el) => {
      const c = el as HTMLCanvasElement;
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0) return { hash: 0, levels: 0, width: 0, height: 0 };
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

  /** Waits until the canvas shows an image (more than a handful of gray levels). */
  async waitForImage(minLevels = 16, timeout = 20_000): Promise<void> {
    const until = Date.now() + timeout;
    while ((await this.canvasSignature()).levels < minLevels) {
      if (Date.now() > until) throw new Error(`canvas still blank after ${timeout} ms`);
      await this.page.waitForTimeout(100);
    }
  }

  async setSection(k: number): Promise<void> {
    await this.slider.fill(String(k));
  }
}
