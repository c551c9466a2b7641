/**
 * Teaching mode's updates as React state: each slider value goes to the recon worker (latest wins, throttled
 * while dragging), the reconstruction is shown as soon as it arrives and its directional FSC when that
 * follows. An update's sections (the XZ slice, the sum along y) come before its volume and are merged with
 * it. The phantom is kept here once sent, so later updates only carry the reconstruction.
 */
import { useEffect, useState } from 'react';
import { oneLine } from '../core/errors.ts';
import type { Volume } from '../core/types.ts';
import type { PhantomChoice, TeachMethod, TeachReconstruction, TeachScore } from '../jobs/reconTypes.ts';
import type { TeachSections } from '../jobs/teachSections.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import { isCancelled } from './errors.ts';
import { latestWins } from './latestWins.ts';
import { recon } from './reconJobs.ts';

export interface TeachParams {
  phantom: PhantomChoice;
  size: number;
  /** symmetric range ±rangeDeg */
  rangeDeg: number;
  stepDeg: number;
  method: TeachMethod;
  /** e/Å² per view; 0 = noise-free */
  doseEA2: number;
}

export const DEFAULT_TEACH: TeachParams = {
  phantom: 'shapes',
  size: 128,
  rangeDeg: 60,
  stepDeg: 3,
  method: 'wbp',
  doseEA2: 0,
};

const sameParams = (a: TeachParams, b: TeachParams) => JSON.stringify(a) === JSON.stringify(b);

/** While dragging: one update started per this many ms at most. */
const DRAG_THROTTLE_MS = 150;

export interface TeachShown extends Omit<
  TeachReconstruction,
  'truth' | 'truthSinogram' | 'sections' | 'sinogram'
> {
  /** the latest of the update's messages that had them; null before CN's first picture */
  sections: TeachSections | null;
  /** from the update's first message (teachRun.ts sends it once) */
  sinogram: Float32Array;
  /** which update: its messages are merged */
  update: number;
  params: TeachParams;
  /** page clock when the update was requested, when its first message arrived, and its volume (or null) */
  requestedAt: number;
  arrivedAt: number;
  volumeAt: number | null;
  /** CN: when its fit began (the step-0 message), and the seconds left at the rate so far */
  fitStartedAt: number | null;
  fitLeftS: number | null;
}

export interface TeachState {
  shown: TeachShown | null;
  truth: Volume | null;
  /** the truth's middle-row sinogram, every 1° from −90° to +90° */
  truthSinogram: Float32Array | null;
  score: TeachScore | null;
  /** the update whose score is pending, or null */
  scoring: boolean;
  running: boolean;
  /** the update was stopped by the user (a long CN fit): its last picture stays */
  stopped: boolean;
  error: string | null;
}

const IDLE: TeachState = {
  shown: null,
  truth: null,
  truthSinogram: null,
  score: null,
  scoring: false,
  running: false,
  stopped: false,
  error: null,
};

/** A fit's start (its step-0 message) and the seconds left at its rate so far. */
function fitClock(
  fit: TeachReconstruction['fit'],
  startedAt: number | null,
): { fitStartedAt: number | null; fitLeftS: number | null } {
  if (!fit) return { fitStartedAt: null, fitLeftS: null };
  const t = performance.now();
  const start = startedAt ?? t;
  const rate = fit.step > 0 ? fit.step / ((t - start) / 1000) : 0;
  return { fitStartedAt: start, fitLeftS: rate > 0 ? (fit.total - fit.step) / rate : null };
}

type SetState = (update: (s: TeachState) => TeachState) => void;

/** The update loop, outside React: the phantom once sent, the newest token, the worker calls. */
function createTeachController(setState: SetState) {
  let truth: { key: string; volume: Volume; sinogram: Float32Array } | null = null;
  let updates = 0;
  const runner = latestWins<TeachParams>(
    (p, token) => {
      const requestedAt = performance.now();
      const update = ++updates;
      setState((s) => ({ ...s, running: true, stopped: false, error: null }));
      const job = recon.teach(
        {
          phantom: p.phantom,
          size: p.size,
          tiltMinDeg: -p.rangeDeg,
          tiltMaxDeg: p.rangeDeg,
          tiltStepDeg: p.stepDeg,
          method: p.method,
          ...(p.doseEA2 > 0 ? { doseEA2: p.doseEA2 } : {}),
          ...(truth ? { haveTruthKey: truth.key } : {}),
          budgetBytes: browserBudgetBytes(),
        },
        (r) => {
          if (r.truth && r.truthSinogram)
            truth = { key: r.truthKey, volume: r.truth, sinogram: r.truthSinogram };
          if (!runner.isCurrent(token)) return;
          const { truth: _sent, truthSinogram: _sentSinogram, sections, sinogram, ...rest } = r;
          void _sent;
          void _sentSinogram;
          const shownTruth = truth?.key === r.truthKey ? truth : null;
          setState((s) => {
            const same = s.shown?.update === update ? s.shown : null;
            const merged = {
              sections: sections ?? same?.sections ?? null,
              sinogram: sinogram ?? same?.sinogram,
              sectionsS: rest.sectionsS ?? same?.sectionsS ?? null,
            };
            if (!merged.sinogram) return s; // an update's first message has it
            const shown: TeachShown = {
              ...rest,
              ...merged,
              sections: merged.sections,
              sinogram: merged.sinogram,
              update,
              params: p,
              requestedAt,
              arrivedAt: same?.arrivedAt ?? performance.now(),
              volumeAt: rest.volume ? performance.now() : null,
              ...fitClock(rest.fit, same?.fitStartedAt ?? null),
            };
            return {
              ...s,
              shown,
              truth: shownTruth?.volume ?? s.truth,
              truthSinogram: shownTruth?.sinogram ?? s.truthSinogram,
              score: null,
              // the FSC follows the volume
              scoring: rest.volume !== null,
            };
          });
        },
      );
      job.promise.then(
        (score) => {
          if (runner.isCurrent(token)) setState((s) => ({ ...s, score, scoring: false, running: false }));
        },
        (e: unknown) => {
          if (isCancelled(e) || !runner.isCurrent(token)) return;
          setState((s) => ({ ...s, scoring: false, running: false, error: oneLine(e) }));
        },
      );
      return job;
    },
    DRAG_THROTTLE_MS,
    sameParams,
  );
  return {
    request: runner.request,
    stop() {
      runner.cancel();
      setState((s) => ({ ...s, running: false, scoring: false, stopped: true }));
    },
    dispose: runner.dispose,
  };
}

export function useTeachUpdates() {
  const [state, setState] = useState<TeachState>(IDLE);
  const [runner] = useState(() => createTeachController(setState));
  useEffect(() => () => runner.dispose(), [runner]);
  return { state, request: runner.request, stop: runner.stop };
}
