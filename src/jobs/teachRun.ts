/**
 * Teaching mode's update, in the recon worker: the phantom's series for a tilt range, its reconstruction,
 * then the directional FSC against the truth. Built for a slider: the truth is made once per phantom and
 * size, and each view's noise-free projection is kept by angle, so a step of the range projects only the
 * views it adds. The page also gets the series' middle-row sinogram (teachSinogram.ts). Updates run one at a
 * time in arrival order; a cancelled one stops at its next stage or iteration boundary (never inside the
 * projector: cancelling the CPU projector ends its threads, and a fresh start costs more than the step it
 * saves). While the slider rests, the views of every whole degree within the range (and 10° beyond) are
 * projected a few at a time, so that a change of the step, which needs mostly new angles, finds them kept.
 */
import { WedgeLabError } from '../core/errors.ts';
import { geometryFromTilts } from '../core/geometry/index.ts';
import { bandMean, directionalFsc } from '../core/metrics/index.ts';
import { makePhantom } from '../core/phantoms/index.ts';
import type { Volume } from '../core/types.ts';
import { chooseDevice, fmtBytes } from '../pipeline/index.ts';
import { createJosephProjector } from '../recon/reference/index.ts';
import { addShotNoise, maxColumnSum } from '../recon/simulate/imaging.ts';
import { streamRng } from '../recon/simulate/index.ts';
import { abortedBy } from './cancelFlag.ts';
import { pageHost } from './pipelineHost.ts';
import { progressReporter } from './reconProgress.ts';
import { browserBudgetBytes } from './tabBudget.ts';
import { teachAngles } from './teachAngles.ts';
import { reconstructSections, reconstructVolume } from './teachReconstruct.ts';
import {
  rowsOfViews,
  sectionSeries,
  sectionsFirst,
  sectionsOfVolume,
  type TeachSections,
} from './teachSections.ts';
import { fullSinogram, middleRows, projectPair } from './teachSinogram.ts';
import { CACHE_BYTES, teachBytes } from './teachMemory.ts';
import type { TeachJobRequest, TeachReconstruction, TeachScore } from './reconTypes.ts';

type TransferFn = <T>(value: T, buffers: Transferable[]) => T;

/** the simulator's default: the densest 0° ray transmits e^−0.1 */
const CONTRAST = 0.1;

/** idle time before the resting slider's views are projected, and how many views at a time */
const WARM_IDLE_MS = 300;
const WARM_VIEWS = 2;

/** whole degrees within ±(range + 10°), inside first: what a change of the step or the next steps need */
export function warmAngles(rangeDeg: number): number[] {
  const lim = Math.min(89, Math.floor(rangeDeg) + 10);
  const out: number[] = [];
  for (let a = -lim; a <= lim; a++) out.push(a);
  return out.sort(
    (a, b) => Number(Math.abs(a) > rangeDeg) - Number(Math.abs(b) > rangeDeg) || Math.abs(a) - Math.abs(b),
  );
}

/** The shot noise of `dose` e/Å² per view: one stream per angle, so a view's noise stays as the range grows. */
function addNoise(
  stack: Float32Array,
  plane: number,
  angles: number[],
  dose: number,
  px: number,
  peak: number,
) {
  const mu = CONTRAST / (peak > 0 ? peak : 1);
  angles.forEach((a, k) =>
    addShotNoise(stack, k * plane, plane, dose * px * px, mu, streamRng(1, Math.round(a * 100) + 100_000)),
  );
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());
const pause = (): Promise<void> => new Promise((done) => setTimeout(done, 0));

export function teachKey(req: Pick<TeachJobRequest, 'phantom' | 'size'>): string {
  return `${req.phantom}:${req.size}`;
}

export interface TeachRunner {
  run(
    req: TeachJobRequest,
    signal: AbortSignal,
    onReconstruction: ((r: TeachReconstruction) => void) | undefined,
    transfer: TransferFn,
  ): Promise<TeachScore>;
}

export function createTeachRunner(): TeachRunner {
  let truth: { key: string; volume: Volume; peak: number; sinogram?: Float32Array } | null = null;
  const views = new Map<number, Float32Array>();
  let cachedBytes = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const truthFor = (req: TeachJobRequest) => {
    const key = teachKey(req);
    if (truth?.key !== key) {
      const n = req.size;
      // one margin for every range the slider can reach, so the truth never changes under the slider
      const volume = makePhantom(req.phantom, { nx: n, ny: n, nz: n, seed: 1, maxTiltDeg: 89 }).volume;
      truth = { key, volume, peak: maxColumnSum(volume.data, n, n, n) };
      views.clear();
      cachedBytes = 0;
    }
    return truth;
  };

  /** Projects and keeps the views of `angles` not kept yet (Joseph's line integrals, as the simulator). */
  const project = async (t: Volume, angles: number[], signal: AbortSignal): Promise<number> => {
    const missing = angles.filter((a) => !views.has(a));
    if (missing.length === 0) return 0;
    const n = t.nx;
    const projector = createJosephProjector(geometryFromTilts(missing), t, { nu: n, nv: n });
    let out: Float32Array;
    try {
      out = await projector.forward(t.data, undefined, undefined, { signal });
    } finally {
      projector.dispose();
    }
    const plane = n * n;
    missing.forEach((a, k) => {
      views.set(a, out.slice(k * plane, (k + 1) * plane));
      cachedBytes += 4 * plane;
    });
    // oldest first; never the views this update needs
    const needed = new Set(angles);
    for (const [a, v] of views) {
      if (cachedBytes <= CACHE_BYTES) break;
      if (needed.has(a)) continue;
      views.delete(a);
      cachedBytes -= 4 * v.length;
    }
    return missing.length;
  };

  const update = async (
    req: TeachJobRequest,
    signal: AbortSignal,
    onReconstruction: ((r: TeachReconstruction) => void) | undefined,
    transfer: TransferFn,
  ): Promise<TeachScore> => {
    const stop = abortedBy(signal, req.cancelFlag);
    const check = () => {
      if (stop.aborted) throw new WedgeLabError('cancelled', 'teaching update superseded');
    };
    check();
    const n = req.size;
    if (!Number.isInteger(n) || n < 16 || n > 256)
      throw new WedgeLabError('bad-argument', `size ${n}; choose an integer from 16 to 256`);
    const angles = teachAngles(req.tiltMinDeg, req.tiltMaxDeg, req.tiltStepDeg);
    const budget = req.budgetBytes ?? browserBudgetBytes();
    const need = teachBytes(n, angles.length, req.method);
    if (need > budget) {
      throw new WedgeLabError(
        'too-large',
        `teaching mode needs ≈ ${fmtBytes(need)} for a ${n}³ phantom with ${angles.length} views (${req.method}); this tab has ${fmtBytes(budget)}; choose a smaller size or a larger step`,
      );
    }
    const t0 = now();
    const t = truthFor(req);
    const sentTruth = req.haveTruthKey !== t.key;
    t.sinogram ??= await fullSinogram(t.volume);
    const dose = req.doseEA2 ?? 0;
    const host = pageHost({ files: {}, budgetBytes: budget, progress: progressReporter(undefined), signal });
    const device = await chooseDevice(host, 'auto');
    // the 2-row sections on the CPU: this thread, which never waits for a parked pool's threads to restart
    const local =
      device.kind === 'cpu' && sectionsFirst(req.method) ? await chooseDevice(host, 'cpu', 1) : device;
    // what the page draws: the sections (with the series and the truth), CN's pictures of the fit, the volume
    let sentFirst = false;
    let newViews = 0;
    let simulateS = 0;
    /** the series' middle rows, for the update's first message */
    let sinogram: Float32Array | null = null;
    const send = (
      sections: TeachSections | null,
      volume: Volume | null,
      times: { sectionsS?: number; reconstructS?: number },
      fit?: { step: number; total: number },
    ) => {
      const first = !sentFirst;
      sentFirst = true;
      const rows = first ? sinogram : null;
      const truthCopy = first && sentTruth ? { ...t.volume, data: t.volume.data.slice() } : undefined;
      const truthSinogram = truthCopy && t.sinogram!.slice();
      const buffers: Transferable[] = [];
      if (volume) buffers.push(volume.data.buffer);
      if (sections) buffers.push(sections.middle.buffer, sections.sumY.buffer);
      if (rows) buffers.push(rows.buffer);
      if (truthCopy && truthSinogram) buffers.push(truthCopy.data.buffer, truthSinogram.buffer);
      onReconstruction?.(
        transfer(
          {
            anglesDeg: angles,
            volume,
            sections,
            sinogram: rows,
            ...(truthCopy ? { truth: truthCopy, truthSinogram } : {}),
            truthKey: t.key,
            device: device.name,
            warnings: host.warnings,
            newViews,
            simulateS,
            sectionsS: times.sectionsS ?? null,
            reconstructS: times.reconstructS ?? null,
            ...(fit ? { fit } : {}),
          },
          buffers,
        ),
      );
    };
    const recon = (on = device) => ({
      n,
      anglesDeg: angles,
      pixelSizeA: t.volume.voxelSizeA[0],
      method: req.method,
      device: on,
      warn: (m: string) => host.warn(m),
      check,
      onFit: (v: Float32Array | null, step: number, total: number) =>
        send(v && sectionsOfVolume({ ...t.volume, data: v }), null, {}, { step, total }),
    });
    let rec: Volume;
    let t2: number;
    try {
      if (dose === 0 && sectionsFirst(req.method)) {
        // noise-free: the sections' 2-row series is the projection of the truth's own two planes (exact,
        // teachSections.ts), so nothing waits for the views this update adds
        const pair = await projectPair(t.volume, angles);
        sinogram = rowsOfViews(pair, n, 2, angles.length, 0, 1);
        simulateS = (now() - t0) / 1000;
        const r0 = now();
        const sections = await reconstructSections(recon(local), pair);
        send(sections, null, { sectionsS: (now() - r0) / 1000 });
        check();
      }
      newViews = await project(t.volume, angles, signal);
      const plane = n * n;
      const stack = new Float32Array(plane * angles.length);
      angles.forEach((a, k) => stack.set(views.get(a)!, k * plane));
      if (dose > 0) addNoise(stack, plane, angles, dose, t.volume.voxelSizeA[0] || 1, t.peak);
      sinogram ??= middleRows(stack, n, n, angles.length);
      simulateS = (now() - t0) / 1000;
      check();
      if (!sentFirst && sectionsFirst(req.method)) {
        const r0 = now();
        const sections = await reconstructSections(recon(local), sectionSeries(stack, n, n, angles.length));
        send(sections, null, { sectionsS: (now() - r0) / 1000 });
        check();
      }
      const tv0 = now();
      rec = await reconstructVolume(recon(), stack);
      t2 = now();
      check();
      const copy = { ...rec, data: rec.data.slice() };
      // the sections again where the page has none of this volume's (TV, CN: the fit's last picture is older)
      send(sectionsFirst(req.method) ? null : sectionsOfVolume(rec), copy, {
        reconstructS: (t2 - tv0) / 1000,
      });
    } finally {
      await device.release();
      if (local !== device) await local.release();
    }
    // the page draws first; the FSC (two 3D FFTs) follows in the next task
    await pause();
    check();
    const d = directionalFsc(t.volume, rec, angles, {}, { signal: stop });
    const f = d.all.freq;
    // shells without a point of the region say nothing (a closed wedge has none below ¼ Nyquist)
    const held = (r: typeof d.missing) => r.fsc.map((v, i) => (r.nPoints[i] > 0 ? v : NaN));
    return {
      present: bandMean(f, held(d.present)),
      missing: bandMean(f, held(d.missing)),
      all: bandMean(f, d.all.fsc),
      fsc: { freq: f, all: d.all.fsc, present: d.present.fsc, missing: d.missing.fsc },
      fscS: (now() - t2) / 1000,
      totalS: (now() - t0) / 1000,
    };
  };

  // counts updates: a warm-up step from before the latest update stops
  let latest = 0;
  const warm = (key: string, rangeDeg: number, ticket: number) => {
    queue = queue.then(async () => {
      const t = truth;
      if (ticket !== latest || !t || t.key !== key) return;
      const todo = warmAngles(rangeDeg).filter((a) => !views.has(a));
      const bytes = 4 * t.volume.nx * t.volume.ny * WARM_VIEWS;
      if (todo.length === 0 || cachedBytes + bytes > CACHE_BYTES) return;
      await project(t.volume, todo.slice(0, WARM_VIEWS), new AbortController().signal);
      await pause();
      warm(key, rangeDeg, ticket);
    });
  };

  return {
    run(req, signal, onReconstruction, transfer) {
      const ticket = ++latest;
      const mine = queue.then(() => update(req, signal, onReconstruction, transfer));
      queue = mine.catch(() => {});
      const range = Math.max(Math.abs(req.tiltMinDeg), Math.abs(req.tiltMaxDeg));
      void mine.then(
        () => setTimeout(() => warm(teachKey(req), range, ticket), WARM_IDLE_MS),
        () => {},
      );
      return mine;
    },
  };
}
