// The GPU kernels in headless Chromium (WebGPU via SwiftShader) against the CPU reference projector, in Node.
// Run: npx vitest run -c src/gpu/vitest.browser.config.ts
import type { Browser } from 'playwright-core';
import { startViteChromium, type ViteChromium } from '../../testing/viteChromium.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geometryFromTilts } from '../../core/geometry/index.ts';
import { ReferenceProjector } from '../../recon/reference/index.ts';
import { affineViews } from '../geometry.ts';
import { maxRelDiff, randomArray, twinBack, twinForward } from '../kernels/affineTwin.testutil.ts';
import { twinResidual, twinUpdate } from '../kernels/sirt/sirtTwin.ts';
import type { HarnessRequest, HarnessResult } from './harness.ts';

let vc: ViteChromium;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  vc = await startViteChromium({ webgpu: true });
  ({ browser, baseUrl } = vc);
});

afterAll(async () => {
  await vc?.close();
});

describe('GPU projector in headless Chromium vs ReferenceProjector', () => {
  const vol = { nx: 16, ny: 12, nz: 8 };
  const det = { nu: 20, nv: 14 };
  const angles = Array.from({ length: 7 }, (_, i) => -54 + 18 * i);
  const geometry = geometryFromTilts(angles, {
    axisRotationDeg: -5,
    xTiltDeg: 3,
    shiftsPx: angles.map((_, i) => [0.5 * Math.cos(i), 0.3 * Math.sin(3 * i)] as const),
  });

  it('forward and back agree to 1e-4 relative, in slabs', async () => {
    const volume = randomArray(vol.nx * vol.ny * vol.nz, 11);
    const projections = randomArray(det.nu * det.nv * angles.length, 12);
    const R = randomArray(projections.length, 13).map((v) => Math.abs(v) + 0.1);
    const C = randomArray(volume.length, 14).map((v) => Math.abs(v) + 0.1);
    const page = await browser.newPage();
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    page.on('pageerror', (e) => messages.push(e.message));
    await page.goto(`${baseUrl}/src/gpu/browser/harness.html`);
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 60_000 });
    const req: HarnessRequest = {
      geometry,
      vol,
      det,
      volume: Array.from(volume),
      projections: Array.from(projections),
      maxSlabRows: 5,
      sirt: { rowScale: Array.from(R), columnScale: Array.from(C), relaxation: 0.8, positivity: true },
    };
    const res = await page
      .evaluate(
        (r) =>
          (
            globalThis as unknown as { wedgelabGpuHarness: (q: HarnessRequest) => Promise<HarnessResult> }
          ).wedgelabGpuHarness(r),
        req,
      )
      .catch((e: unknown) => {
        throw new Error(
          `${e instanceof Error ? e.message : String(e)}\nbrowser console:\n${messages.join('\n')}`,
        );
      });
    await page.close();
    const ref = new ReferenceProjector(geometry, vol, det);
    const relF = maxRelDiff(res.forward, await ref.forward(volume));
    const relB = maxRelDiff(res.back, await ref.back(projections));
    console.log(
      `[browser gpu] ${res.adapter}: forward ${relF.toExponential(2)}, back ${relB.toExponential(2)}`,
    );
    expect(res.forward.length).toBe(det.nu * det.nv * angles.length);
    expect(relF).toBeLessThan(1e-4);
    expect(relB).toBeLessThan(1e-4);
    // the GPU-resident SIRT step against its CPU twins
    const views = affineViews(geometry, vol, det);
    const ax = Float32Array.from(twinForward(views, vol, det, volume));
    const { r, sq } = twinResidual(projections, ax, R);
    const want = twinUpdate(volume, C, Float32Array.from(twinBack(views, vol, det, r)), 0.8, true);
    const relX = maxRelDiff(res.sirt!.volume, want);
    const relSq = Math.abs(res.sirt!.residualSq - sq) / sq;
    console.log(
      `[browser gpu] resident SIRT step: x ${relX.toExponential(2)}, ‖r‖² ${relSq.toExponential(2)}`,
    );
    expect(relX).toBeLessThan(1e-4);
    expect(relSq).toBeLessThan(1e-4);
  });
});
