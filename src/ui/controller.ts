/**
 * App actions: the io client (worker or main-thread fallback), opening files and the demo, and the
 * background statistics scan. Components call these; state lands in the store.
 */
import { createIoClient } from '../jobs/ioClient.ts';
import { createSectionLoader } from '../jobs/sectionLoader.ts';
import { splitSelection } from '../jobs/fileKinds.ts';
import { seriesSources } from '../jobs/seriesSources.ts';
import type { Job } from '../jobs/runner.ts';
import type { DatasetSummary } from '../jobs/types.ts';
import { useAppStore } from '../state/appStore.ts';
import { isCancelled, toUserError } from './errors.ts';

const store = useAppStore;
const useWorker =
  typeof location === 'undefined' || new URLSearchParams(location.search).get('worker') !== '0';

export const io = createIoClient({ useWorker });
export const sections = createSectionLoader(io);
void io.ready.then((mode) => store.getState().setIoMode(mode));

let scan: Job<unknown> | null = null;
let opening: Job<unknown> | null = null;

/** Shows a job in the store while it runs (progress + cancel) and clears it when it settles. */
async function track<T>(job: Job<T>): Promise<T> {
  store.getState().setJob({ id: job.id, label: job.label, progress: null, cancel: job.cancel });
  try {
    return await job.promise;
  } finally {
    if (store.getState().job?.id === job.id) store.getState().setJob(null);
  }
}

function show(summary: DatasetSummary): void {
  const previous = store.getState().dataset;
  store.getState().setDataset(summary);
  if (previous && previous.id !== summary.id) {
    sections.forget(previous.id);
    seriesSources.delete(previous.id);
    void io.close(previous.id).catch(() => {});
  }
  scan?.cancel();
  const job = io.scanStats(summary.id, (p) => store.getState().setJobProgress(job.id, p));
  scan = job;
  const current = () => store.getState().dataset?.id === summary.id;
  track(job)
    .then((stats) => current() && store.getState().setStats(stats))
    .catch((e) => {
      if (!current()) return;
      if (!isCancelled(e)) console.warn('[wedgelab] statistics scan failed:', e);
      store.getState().setStats(null, isCancelled(e) ? 'cancelled' : 'failed');
    });
}

/** Opens a stack (with its angle file); resolves to what was opened, or null when it failed. */
export async function openFiles(
  files: File[],
  opts: { permissive?: boolean } = {},
): Promise<DatasetSummary | null> {
  if (files.length === 0) return null;
  opening?.cancel();
  const job = io.openFiles(files, (p) => store.getState().setJobProgress(job.id, p), opts);
  opening = job;
  try {
    const summary = await track(job);
    store.getState().dismissError();
    const { stack, angleFiles, xfFiles } = splitSelection(files);
    // the angle file the io worker read: a .tlt/.rawtlt before an .mdoc
    const tilts = angleFiles.find((f) => !/\.mdoc$/i.test(f.name)) ?? angleFiles[0];
    if (stack) {
      const permissive = opts.permissive === true ? true : undefined;
      seriesSources.set(summary.id, { file: stack, name: stack.name, tilts, xf: xfFiles[0], permissive });
    }
    show(summary);
    return summary;
  } catch (e) {
    if (isCancelled(e)) return null;
    const names = files.map((f) => f.name).join(' + ');
    const error = toUserError(e, names);
    // a header only a non-conforming writer makes: offer to read it as that writer meant
    if (!opts.permissive && /permissive option/.test(error.message)) {
      error.hint =
        'A non-conforming writer (e.g. GENFIRE) may have filled only nx, ny, nz and mode: open it permissively to read it in file order, and check the result.';
      error.action = { label: 'Open permissively', run: () => void openFiles(files, { permissive: true }) };
    }
    store.getState().showError(error);
    return null;
  }
}

export async function openDemo(): Promise<void> {
  try {
    show(await track(io.openDemo()));
  } catch (e) {
    if (!isCancelled(e)) store.getState().showError(toUserError(e, 'the demo tilt series'));
  }
}
