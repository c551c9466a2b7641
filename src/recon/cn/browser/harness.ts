// Browser side of the SIREN kernel checks (sirenKernel.browser.test.ts) and of `npm run bench -- --only
// cn-browser`: the same kernels the page's worker trains with, on one thread or split over Web Workers.
import { initialParams, stepFlops, type SirenSpec } from '../sirenSpec.ts';
import { ThreadedSiren } from '../threadedSiren.ts';

export interface CnHarnessRequest {
  spec: SirenSpec;
  seed: number;
  points: number[];
  grad: number[];
  threads: number;
  /** time this many steps (forward + backward + Adam) after two warm-up steps */
  timedSteps?: number;
}

export interface CnHarnessResult {
  values: number[];
  /** parameters after one Adam step at lr 1e-3 from the first forward/backward */
  params: number[];
  secondsPerStep?: number;
  gflops?: number;
  crossOriginIsolated: boolean;
}

async function run(req: CnHarnessRequest): Promise<CnHarnessResult> {
  const M = req.points.length / 3;
  const net = await ThreadedSiren.create(req.spec, initialParams(req.spec, req.seed), M, req.threads);
  try {
    const pts = Float32Array.from(req.points);
    const g = Float32Array.from(req.grad);
    const values = Array.from(await net.forward(pts));
    await net.backward(g);
    net.adam(1e-3);
    const params = Array.from(net.params());
    let secondsPerStep: number | undefined;
    if (req.timedSteps) {
      const times: number[] = [];
      for (let i = 0; i < req.timedSteps + 2; i++) {
        const t0 = performance.now();
        await net.forward(pts);
        await net.backward(g);
        net.adam(1e-4);
        if (i >= 2) times.push((performance.now() - t0) / 1000);
      }
      secondsPerStep = times.sort((a, b) => a - b)[times.length >> 1];
    }
    return {
      values,
      params,
      secondsPerStep,
      gflops: secondsPerStep ? stepFlops(req.spec, M) / secondsPerStep / 1e9 : undefined,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    };
  } finally {
    net.dispose?.();
  }
}

(globalThis as { wedgelabCnHarness?: typeof run }).wedgelabCnHarness = run;
document.title = 'ready';
