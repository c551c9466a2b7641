import { useState } from 'react';
import { useReconStore } from '../state/reconStore.ts';
import { FscPlot } from './FscPlot.tsx';
import { HalfSetLine, TruthMetrics } from './MetricsList.tsx';
import { fmtCount, fmtDuration } from './format.ts';
import { runHalfSet } from './reconActions.ts';

const PLOT_WIDTH = 260;

/**
 * The last reconstruction: device and timing; when the truth is known, PSNR, SSIM, VIF, FSC and its plot;
 * and, for any data, a half-set (odd/even views) FSC on request. Always laid out at a fixed height (the
 * views above must not resize when a result arrives).
 */
export function ResultPanel() {
  const r = useReconStore((s) => s.result);
  const m = useReconStore((s) => s.metrics);
  const note = useReconStore((s) => s.metricsNote);
  const half = useReconStore((s) => s.halfSet);
  const halfNote = useReconStore((s) => s.halfSetNote);
  const busy = useReconStore((s) => s.job !== null);
  const hasTruth = useReconStore(
    (s) => s.simulation !== null && s.simulation.datasetId === s.result?.datasetId,
  );
  const [preferTruth, setPreferTruth] = useState(false);
  if (!r) {
    return (
      <section className="results empty muted" aria-label="Reconstruction result">
        No reconstruction yet: simulate or open a tilt series, then Reconstruct.
      </section>
    );
  }
  const plot = half && (!m || !preferTruth) ? 'half' : m ? 'truth' : null;
  return (
    <section className="results" aria-label="Reconstruction result" data-testid="recon-result">
      <div className="result-facts">
        <p className="num" data-testid="recon-device" title={r.deviceNote}>
          {r.method.toUpperCase()} on {r.device} in {fmtDuration(r.seconds)}
        </p>
        <p className="num muted" title="size · projector throughput · iterations · last residual">
          {r.dims.nx} × {r.dims.ny} × {r.dims.nz} · {fmtCount(r.voxelUpdatesPerSecond)} voxel-updates/s
          {r.iterations > 0 ? ` · ${r.iterations} it.` : ''}
          {r.lastResidual !== null ? ` · residual ${r.lastResidual.toPrecision(3)}` : ''}
        </p>
        {m ? (
          <TruthMetrics m={m} />
        ) : (
          <p className="muted">
            {note ?? (hasTruth ? 'scoring against the truth…' : 'no truth: use the half-set FSC')}
          </p>
        )}
        <div className="halfset-row">
          <button
            type="button"
            data-testid="halfset-button"
            disabled={busy}
            title="reconstruct the odd and the even views apart with the same parameters and FSC them: a resolution estimate without the truth"
            onClick={() => void runHalfSet()}
          >
            Half-set FSC
          </button>
          {half ? <HalfSetLine h={half} /> : halfNote && <span className="muted">{halfNote}</span>}
        </div>
      </div>
      {plot && (
        <div className="plot-box">
          {half && m && (
            <div className="plot-switch" role="group" aria-label="FSC shown">
              <button type="button" aria-pressed={plot === 'truth'} onClick={() => setPreferTruth(true)}>
                vs truth
              </button>
              <button type="button" aria-pressed={plot === 'half'} onClick={() => setPreferTruth(false)}>
                half sets
              </button>
            </div>
          )}
          {plot === 'half' && half ? (
            <FscPlot
              fsc={half.fsc}
              allLabel="total"
              testId="halfset-plot"
              width={PLOT_WIDTH}
              height={m ? 112 : 128}
            />
          ) : (
            m && <FscPlot fsc={m.fsc} width={PLOT_WIDTH} />
          )}
        </div>
      )}
    </section>
  );
}
