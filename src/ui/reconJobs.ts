/**
 * The page's one recon client (worker, or the main-thread fallback), the ortho feed the views draw from, and
 * how an action runs a job: the running job in the store (progress, Cancel) and a failure shown as one line.
 */
import { oneLine } from '../core/errors.ts';
import { createOrthoFeed } from '../jobs/orthoFeed.ts';
import { createReconClient } from '../jobs/reconClient.ts';
import type { JobProgress } from '../jobs/reconTypes.ts';
import type { Job } from '../jobs/runner.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore, type ComputeJob } from '../state/reconStore.ts';
import { errorCode, isCancelled } from './errors.ts';

const store = useReconStore;
const useWorker =
  typeof location === 'undefined' || new URLSearchParams(location.search).get('worker') !== '0';

export const recon = createReconClient({ useWorker });
export const ortho = createOrthoFeed(recon);
void recon.ready.then((mode) => store.getState().setReconMode(mode));

/** The job as the store's running job until it settles. */
export async function track<T>(job: Job<T>, kind: ComputeJob['kind']): Promise<T> {
  store.getState().setJob({ id: job.id, kind, label: job.label, progress: null, cancel: job.cancel });
  try {
    return await job.promise;
  } finally {
    if (store.getState().job?.id === job.id) store.getState().setJob(null);
  }
}

export const onProgress = (id: () => number) => (p: JobProgress) => store.getState().setJobProgress(id(), p);

/** A failed job as the page's one-line error (a cancelled one says nothing); `words` rewords the line. */
export function fail(title: string, e: unknown, hint: string, words = (line: string) => line): void {
  if (isCancelled(e)) return;
  const code = errorCode(e);
  // the worker's refusal names its parameter; no field on the page is marked for it
  const detail =
    code === 'bad-argument' || code === 'mismatch' ? 'Change the parameter it names and try again.' : hint;
  useAppStore.getState().showError({ title, message: words(oneLine(e)), hint: detail });
}
