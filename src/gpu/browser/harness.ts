// Browser side of the GPU kernel tests: the page served by Vite in gpuHarness.browser.test.ts. It runs the
// same GpuProjector the app uses and hands the numbers back to Node, where the CPU oracle compares them.
import type { TiltGeometry } from '../../core/geometry/index.ts';
import { acquireGpu } from '../device.ts';
import { GpuProjector } from '../projector.ts';

export interface HarnessRequest {
  geometry: TiltGeometry;
  vol: { nx: number; ny: number; nz: number };
  det: { nu: number; nv: number };
  volume: number[];
  projections: number[];
  maxSlabRows?: number;
  /** one GPU-resident SIRT step from `volume` with data `projections` and these scales */
  sirt?: { rowScale: number[]; columnScale: number[]; relaxation: number; positivity: boolean };
}

export interface HarnessResult {
  adapter: string;
  forward: number[];
  back: number[];
  /** the resident step: ‖b − A x0‖² and the updated volume */
  sirt?: { residualSq: number; volume: number[] };
}

async function run(req: HarnessRequest): Promise<HarnessResult> {
  const got = await acquireGpu();
  if (!got.context) throw new Error(`no WebGPU in this browser: ${got.reason}`);
  const gpu = got.context;
  try {
    const p = new GpuProjector(gpu, req.geometry, req.vol, req.det, { maxSlabRows: req.maxSlabRows });
    const forward = await p.forward(Float32Array.from(req.volume));
    const back = await p.back(Float32Array.from(req.projections));
    p.dispose();
    const result: HarnessResult = {
      adapter: gpu.adapterName,
      forward: Array.from(forward),
      back: Array.from(back),
    };
    if (req.sirt) {
      const whole = new GpuProjector(gpu, req.geometry, req.vol, req.det);
      const s = await whole.residentSirt(Float32Array.from(req.projections), {
        relaxation: req.sirt.relaxation,
        positivity: req.sirt.positivity,
        rowScale: Float32Array.from(req.sirt.rowScale),
        columnScale: Float32Array.from(req.sirt.columnScale),
        initial: Float32Array.from(req.volume),
      });
      if (!s) throw new Error('the resident SIRT session was refused');
      const step = await s.step(true);
      result.sirt = { residualSq: step.residualSq, volume: Array.from(step.volume ?? []) };
      s.dispose();
      whole.dispose();
    }
    return result;
  } finally {
    await gpu.destroy();
  }
}

(globalThis as { wedgelabGpuHarness?: typeof run }).wedgelabGpuHarness = run;
document.title = 'ready';
