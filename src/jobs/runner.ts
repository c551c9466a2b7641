/**
 * A job: a long step with progress and cancel. `cancel()` asks the executor to stop (cooperatively, at its
 * next section boundary) and settles the job's promise at once with a 'cancelled' error, so the UI never
 * waits on a job the user gave up.
 */
import { WedgeLabError } from '../core/errors.ts';
import type { ProgressFn } from './types.ts';

export interface Job<T> {
  readonly id: number;
  readonly label: string;
  readonly promise: Promise<T>;
  cancel(): void;
}

let nextJobId = 1;

export function startJob<T>(
  label: string,
  run: (jobId: number) => Promise<T>,
  requestCancel: (jobId: number) => Promise<void> | void,
): Job<T> {
  const id = nextJobId++;
  let rejectCancelled: (e: unknown) => void = () => {};
  let settled = false;
  const cancelled = new Promise<never>((_, reject) => {
    rejectCancelled = reject;
  });
  const promise = Promise.race([run(id), cancelled]).finally(() => {
    settled = true;
  });
  // a cancelled job's own rejection arrives later and is expected
  promise.catch(() => {});
  return {
    id,
    label,
    promise,
    cancel() {
      if (settled) return;
      void Promise.resolve(requestCancel(id)).catch(() => {});
      rejectCancelled(new WedgeLabError('cancelled', `${label}: cancelled`));
    },
  };
}

/** Progress events for a job, routed to one listener that can change (e.g. a store update). */
export function progressTo(listener: ProgressFn | undefined): ProgressFn {
  return (fraction) => listener?.(Math.min(1, Math.max(0, fraction)));
}
