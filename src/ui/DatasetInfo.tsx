import { useAppStore } from '../state/appStore.ts';
import { fmtBytes, fmtTilt, fmtValue, fmtVoxel } from './format.ts';

const STATS_NOTES = { scanning: 'scanning…', cancelled: 'scan cancelled', failed: 'could not scan the data' };

/** Header facts of the open dataset, plus data statistics once the background scan finished. */
export function DatasetInfo() {
  const ds = useAppStore((s) => s.dataset);
  const stats = useAppStore((s) => s.stats);
  const statsNote = useAppStore((s) => s.statsNote);
  if (!ds) return <section className="panel dataset-info muted">No dataset open.</section>;
  return (
    <section className="panel dataset-info" data-testid="dataset-info" aria-label="Dataset information">
      <h2 className="file-name" title={ds.name}>
        {ds.name}
      </h2>
      <dl>
        <dt>Size</dt>
        <dd className="num" data-testid="dims">
          {ds.nx} × {ds.ny} × {ds.nz}
        </dd>
        <dt>Mode</dt>
        <dd className="num">{ds.modeLabel}</dd>
        <dt>Voxel</dt>
        <dd className="num">{fmtVoxel(ds.voxelSizeA)}</dd>
        <dt>Tilt</dt>
        <dd className="num" data-testid="tilt">
          {ds.tiltAnglesDeg ? fmtTilt(ds.tiltAnglesDeg) : 'no angles'}
        </dd>
        <dt>Angles from</dt>
        <dd>{ds.anglesFrom ?? 'none: choose a .tlt, .rawtlt or .mdoc together with the stack'}</dd>
        <dt>Data</dt>
        <dd className="num">
          {stats
            ? `${fmtValue(stats.min)} … ${fmtValue(stats.max)}, mean ${fmtValue(stats.mean)} ± ${fmtValue(stats.std)}`
            : STATS_NOTES[statsNote ?? 'failed']}
        </dd>
        <dt>File</dt>
        <dd className="num">
          {fmtBytes(ds.sizeBytes)}
          {ds.exttyp ? ` · ext. header ${ds.exttyp}` : ''}
        </dd>
      </dl>
      {ds.labels.length > 0 && (
        <details className="labels">
          <summary>{ds.labels.length === 1 ? '1 label' : `${ds.labels.length} labels`}</summary>
          <ol>
            {ds.labels.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ol>
        </details>
      )}
      {ds.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {ds.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
