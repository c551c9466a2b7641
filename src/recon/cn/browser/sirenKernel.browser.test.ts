// The SIREN training kernels in headless Chromium (the page's engine) against the same kernels in Node and
// the one-thread result: forward values and the parameters after one Adam step, on one thread and split
// over two Web Workers. Run: npx vitest run -c src/gpu/vitest.browser.config.ts src/recon/cn
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SirenNet } from '../sirenNet.ts';
import { initialParams } from '../sirenSpec.ts';
import { openCnHarness, type CnHarness } from './harnessClient.ts';

let harness: CnHarness;

beforeAll(async () => {
  harness = await openCnHarness();
});

afterAll(async () => {
  await harness?.close();
});

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('SIREN kernels in Chromium', () => {
  const spec = { width: 16, depth: 2, omega0: 30 };
  const M = 61;
  const points = Array.from({ length: 3 * M }, (_, i) => (i * 0.3819) % 1);
  const grad = Array.from({ length: M }, (_, i) => Math.cos(i) / M);

  it('match the Node kernels on one thread, and on two Web Workers', async () => {
    const net = new SirenNet(spec, initialParams(spec, 9), M);
    const values = Array.from(net.forward(Float32Array.from(points)));
    net.backward(Float32Array.from(grad));
    net.adam(1e-3);
    const params = net.params();
    for (const threads of [1, 2]) {
      const r = await harness.run({ spec, seed: 9, points, grad, threads });
      expect(r.values).toHaveLength(M);
      expect(maxAbs(r.values, values)).toBeLessThan(1e-6);
      // two threads sum the gradient halves in another order: Adam's first step is ±lr, so compare to lr/100
      expect(maxAbs(r.params, params)).toBeLessThan(threads === 1 ? 1e-7 : 1e-5);
    }
  });
});
