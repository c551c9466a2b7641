import { useAppStore } from '../state/appStore.ts';

/** The running job: label, progress and a cancel button. */
export function JobBar() {
  const job = useAppStore((s) => s.job);
  if (!job) return null;
  const pct = job.progress === null ? null : Math.round(job.progress * 100);
  return (
    <div className="job-bar" role="status" aria-live="polite">
      <span className="job-label">{job.label}</span>
      <progress max={100} value={pct ?? undefined} aria-label={`${job.label} progress`} />
      <span className="num">{pct === null ? '' : `${pct}%`}</span>
      <button type="button" onClick={job.cancel}>
        Cancel
      </button>
    </div>
  );
}
