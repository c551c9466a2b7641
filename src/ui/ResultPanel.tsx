import { useReconStore } from '../state/reconStore.ts';
import { FscPlot } from './FscPlot.tsx';
import { fmt, fmtCount, fmtDuration } from './format.ts';

/**
 * The last reconstruction: device and timing; and, when the truth is known, PSNR, SSIM, FSC and its plot.
 * Always laid out at a fixed height (the views above must not resize when a result arrives).
 */
export function ResultPanel() {
  const r = useReconStore((s) => s.result);
  const m = useReconStore((s) => s.metrics);
  const note = useReconStore((s) => s.metricsNote);
  const hasTruth = useReconStore(
    (s) => s.simulation !== null && s.simulation.datasetId === s.result?.datasetId,
  );
  if (!r) {
    return (
      <section className="results empty muted" aria-label="Reconstruction result">
        No reconstruction yet: simulate or open a tilt series, then Reconstruct.
      </section>
    );
  }
  return (
    <section className="results" aria-label="Reconstruction result" data-testid="recon-result">
      <div className="result-facts">
        <p className="num" data-testid="recon-device" title={r.deviceNote}>
          {r.method.toUpperCase()} on {r.device} in {fmtDuration(r.seconds)}
        </p>
        <p className="num muted">
          {r.dims.nx} × {r.dims.ny} × {r.dims.nz} · {fmtCount(r.voxelUpdatesPerSecond)} voxel-updates/s
          {r.iterations > 0 ? ` · ${r.iterations} it.` : ''}
          {r.lastResidual !== null ? ` · residual ${r.lastResidual.toPrecision(3)}` : ''}
        </p>
        {m ? (
          <dl className="metrics num" data-testid="metrics">
            <dt>PSNR</dt>
            <dd>{fmt(m.psnr, 2)} dB</dd>
            <dt>SSIM</dt>
            <dd>{fmt(m.ssim, 3)}</dd>
            <dt>FSC 0.143</dt>
            <dd>
              {m.fsc143
                ? `${fmt(m.fsc143.freqPerPx, 3)} /px · ${m.fsc143.resolutionA === null ? 'Å unknown (no voxel size)' : `${fmt(m.fsc143.resolutionA, 1)} Å`}`
                : 'above 0.143 to Nyquist'}
            </dd>
          </dl>
        ) : (
          <p className="muted">
            {note ?? (hasTruth ? 'scoring against the truth…' : 'no truth: metrics need a simulated series')}
          </p>
        )}
      </div>
      {m && <FscPlot fsc={m.fsc} />}
    </section>
  );
}
