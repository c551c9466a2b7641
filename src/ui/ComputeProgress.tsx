import { useReconStore } from '../state/reconStore.ts';
import { fmtDuration } from './format.ts';
import { LossPlot } from './LossPlot.tsx';

/**
 * The running simulate / reconstruct / metrics job: fraction, ETA, iteration, residual and Cancel. It sits in
 * a slot of fixed height, so that starting or ending a job never resizes the orthoslice views (a re-layout
 * of the page and the views in the middle of a job's frames).
 */
export function ComputeProgress() {
  return (
    <div className="compute-slot">
      <Progress />
    </div>
  );
}

function Progress() {
  const job = useReconStore((s) => s.job);
  if (!job) return null;
  const p = job.progress;
  const pct = p ? Math.round(p.fraction * 100) : null;
  const parts: string[] = [];
  if (pct !== null) parts.push(`${pct}%`);
  if (p?.etaS != null) parts.push(`ETA ${fmtDuration(p.etaS)}`);
  const cn = job.label.includes('CN');
  if (p?.iteration !== undefined)
    parts.push(`${cn ? 'step' : 'iteration'} ${p.iteration}${p.iterations ? `/${p.iterations}` : ''}`);
  if (p?.residual !== undefined) parts.push(`${cn ? 'loss' : 'residual'} ${p.residual.toPrecision(3)}`);
  return (
    <div className="compute-progress" role="status" aria-live="polite" data-testid="job-progress">
      <span className="job-label">{job.label}</span>
      <progress max={100} value={pct ?? undefined} aria-label={`${job.label} progress`} />
      <span className="num" data-testid="job-progress-text">
        {parts.join(' · ')}
      </span>
      {p?.stage && <span className="muted stage">{p.stage}</span>}
      {cn && job.lossHistory && (
        <LossPlot
          steps={job.lossHistory.steps}
          losses={job.lossHistory.losses}
          width={120}
          height={30}
          compact
          testId="cn-live-loss"
        />
      )}
      <button type="button" data-testid="cancel-job" onClick={job.cancel}>
        Cancel
      </button>
    </div>
  );
}
