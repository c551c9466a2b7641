import { useState } from 'react';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore, type ReconState, type ReconSummary } from '../state/reconStore.ts';
import { useResultsStore } from '../state/resultsStore.ts';
import { MetricsTable } from './MetricsTable.tsx';
import { ResultsList } from './ResultsList.tsx';

type ResultView = ReconState['resultView'];
import { AlignmentResult } from './AlignmentResult.tsx';
import './align.css';
import { FscPlot } from './FscPlot.tsx';
import { HalfSetLine, TruthMetrics } from './MetricsList.tsx';
import { fmtCount, fmtDuration } from './format.ts';
import { dismissResult, downloadNetwork, runHalfSet } from './reconActions.ts';
import { exportShown, exportTruth } from './resultsActions.ts';
import { LossPlot } from './LossPlot.tsx';
import { downloadSlabResult } from './slabResult.ts';

const PLOT_WIDTH = 260;

/**
 * The result area: the last reconstruction and, once the page holds an alignment, a second tab with it
 * (AlignmentResult.tsx). Always laid out at a fixed height (the views above must not resize when a result
 * arrives).
 */
export function ResultPanel() {
  const alignment = useReconStore((s) => s.alignment);
  const view = useReconStore((s) => s.resultView);
  const setView = useReconStore((s) => s.setResultView);
  const hasResult = useReconStore((s) => s.result !== null);
  const keptCount = useResultsStore((s) => s.kept.length);
  const comparedCount = useResultsStore((s) => s.compared.length);
  const tabs: [ResultView, string][] = [
    ['tomogram', 'Tomogram'],
    ['results', `Results${keptCount ? ` (${keptCount})` : ''}`],
    ['compare', `Compare${comparedCount ? ` (${comparedCount})` : ''}`],
    ['fourier', 'Fourier'],
    ...(alignment ? [['alignment', 'Alignment'] as [ResultView, string]] : []),
  ];
  const shown: ResultView = view === 'alignment' && !alignment ? 'tomogram' : view;
  const testId =
    shown === 'tomogram' && hasResult ? 'recon-result' : shown === 'alignment' ? 'align-result' : undefined;
  return (
    <section
      className="results tabbed"
      aria-label="Results"
      data-testid={testId === 'recon-result' ? testId : 'results'}
    >
      <div className="result-tabs" role="tablist" aria-label="Result shown">
        {tabs.map(([v, label], i) => (
          <button
            key={v}
            type="button"
            role="tab"
            id={`result-tab-${v}`}
            aria-selected={shown === v}
            aria-controls="result-tabpanel"
            tabIndex={shown === v ? 0 : -1}
            data-testid={`result-tab-${v}`}
            onClick={() => setView(v)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
              e.preventDefault();
              const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length][0];
              setView(next);
              document.getElementById(`result-tab-${next}`)?.focus();
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        className="result-body"
        role="tabpanel"
        id="result-tabpanel"
        aria-labelledby={`result-tab-${shown}`}
        data-testid={shown === 'alignment' ? 'align-result' : undefined}
      >
        {shown === 'alignment' && alignment ? (
          <AlignmentResult a={alignment} />
        ) : shown === 'results' ? (
          <ResultsList />
        ) : shown === 'compare' ? (
          <MetricsTable />
        ) : (
          <TomogramResult inTab />
        )}
      </div>
    </section>
  );
}

/** The last reconstruction: device and timing; metrics and FSC vs the truth when known; the half-set FSC. */
function TomogramResult({ inTab = false }: { inTab?: boolean }) {
  const r = useReconStore((s) => s.result);
  const m = useReconStore((s) => s.metrics);
  const note = useReconStore((s) => s.metricsNote);
  const half = useReconStore((s) => s.halfSet);
  const halfNote = useReconStore((s) => s.halfSetNote);
  const busy = useReconStore((s) => s.job !== null);
  const hasTruth = useReconStore(
    (s) => s.simulation !== null && s.simulation.datasetId === s.result?.datasetId,
  );
  // a simulation without shifts needs no alignment: no half-set warning for it
  const alignedByConstruction = useReconStore(
    (s) => s.simulation?.datasetId === s.result?.datasetId && s.simulation?.shiftSigmaPx === 0,
  );
  const [preferTruth, setPreferTruth] = useState(false);
  const [showLoss, setShowLoss] = useState(false);
  const [precision, setPrecision] = useState<'float32' | 'float16'>('float32');
  const [upsample, setUpsample] = useState(1);
  if (!r) {
    const text = 'No reconstruction yet: simulate or open a tilt series, then Reconstruct.';
    if (inTab) return <p className="muted empty-tab">{text}</p>;
    return (
      <section className="results empty muted" aria-label="Reconstruction result">
        {text}
      </section>
    );
  }
  const fscPlot = half && (!m || !preferTruth) ? 'half' : m ? 'truth' : null;
  // cn: its loss curve shares the plot box with the FSC (a switch when both exist)
  // cn's loss or an iterative method's residual shares the plot box with the FSC (a switch when both exist)
  const curve = r.lossCurve ?? r.residualCurve;
  const curveName = r.lossCurve ? 'loss' : 'residual';
  const plot = curve && (showLoss || !fscPlot) ? 'loss' : fscPlot;
  const Box = inTab ? 'div' : 'section';
  const boxProps = inTab
    ? { className: 'result-pane' }
    : { className: 'results', 'aria-label': 'Reconstruction result', 'data-testid': 'recon-result' };
  return (
    <Box {...boxProps}>
      <div className="result-facts" data-testid="result-facts">
        <p className="num" data-testid="recon-device" title={r.deviceNote}>
          {r.method.toUpperCase()} on {r.device} in {fmtDuration(r.seconds)}
        </p>
        <p
          className="num muted"
          title={`size · projector throughput · iterations · last residual · tilt axis ${r.axisRotationDeg}° (${r.axisFrom === 'recipe' ? 'given' : r.axisFrom === 'default' ? 'none in the metadata' : r.axisFrom})`}
        >
          {r.dims.nx} × {r.dims.ny} × {r.dims.nz}
          {r.method === 'cn' ? '' : ` · ${fmtCount(r.voxelUpdatesPerSecond)} voxel-updates/s`}
          {r.iterations > 0 ? ` · ${r.iterations} ${r.method === 'cn' ? 'steps' : 'it.'}` : ''}
          {r.lastResidual !== null
            ? ` · ${r.method === 'cn' ? 'loss' : 'residual'} ${r.lastResidual.toPrecision(3)}`
            : ''}
          {` · tilt axis ${r.axisRotationDeg}° (${r.axisFrom === 'recipe' ? 'given' : r.axisFrom === 'default' ? 'none in the metadata' : r.axisFrom})`}
        </p>
        {r.alignedBy && (
          <p className="num muted" data-testid="recon-aligned-by">
            aligned: {r.alignedBy}
          </p>
        )}
        {r.warnings.map((w) => (
          <p key={w} className="problem result-warning" data-testid="recon-warning">
            {w}
          </p>
        ))}
        {r.slab && <SlabLine slab={r.slab} busy={busy} />}
        {m ? (
          <TruthMetrics m={m} />
        ) : (
          <p className="muted">
            {note ?? (hasTruth ? 'scoring against the truth…' : 'no truth: use the half-set FSC')}
          </p>
        )}
        <div className="halfset-row">
          {!r.slab && (
            <span className="export-group">
              <button
                type="button"
                data-testid="export-volume"
                title={`the tomogram as MRC (${precision}), labelled with the WedgeLab version and the recipe hash`}
                disabled={busy && upsample > 1}
                onClick={() => void exportShown(precision, r.method === 'cn' ? upsample : 1)}
              >
                Download MRC
              </button>
              <select
                aria-label="MRC precision"
                data-testid="export-precision"
                value={precision}
                onChange={(e) => setPrecision(e.currentTarget.value as 'float32' | 'float16')}
              >
                <option value="float32">float32</option>
                <option value="float16">float16</option>
              </select>
              {r.method === 'cn' && (
                <select
                  aria-label="MRC voxel size"
                  data-testid="export-upsample"
                  title="the network is continuous: evaluate it on a finer grid (what wedgelab reconstruct --upsample K writes); between voxel centres it is constrained only by its smoothness"
                  value={upsample}
                  onChange={(e) => setUpsample(Number(e.currentTarget.value))}
                >
                  <option value={1}>fitted voxels</option>
                  {[2, 3, 4].map((k) => (
                    <option key={k} value={k}>
                      {k}× finer
                    </option>
                  ))}
                </select>
              )}
              {hasTruth && (
                <button
                  type="button"
                  data-testid="export-truth"
                  title="the simulated truth as MRC, in the same precision"
                  onClick={() => void exportTruth(precision)}
                >
                  Truth
                </button>
              )}
            </span>
          )}
          {r.method === 'cn' && !r.slab && (
            <button
              type="button"
              data-testid="download-network"
              title="the trained network (.wlcn): continue the fit or evaluate it finer with wedgelab reconstruct --load-network"
              onClick={downloadNetwork}
            >
              Save network
            </button>
          )}
          <button
            type="button"
            data-testid="halfset-button"
            disabled={busy || r.slab !== undefined}
            title="reconstruct the odd and the even views apart with the same parameters and FSC them: a resolution estimate without the truth"
            onClick={() => void runHalfSet()}
          >
            Half-set FSC
          </button>
          {half ? (
            <HalfSetLine h={half} warn={!alignedByConstruction} />
          ) : (
            halfNote && <span className="muted">{halfNote}</span>
          )}
        </div>
      </div>
      {plot && (
        <div className="plot-box">
          {curve && fscPlot && (
            <div className="plot-switch" role="group" aria-label="plot shown">
              <button type="button" aria-pressed={plot !== 'loss'} onClick={() => setShowLoss(false)}>
                FSC
              </button>
              <button
                type="button"
                aria-pressed={plot === 'loss'}
                onClick={() => setShowLoss(true)}
                data-testid="plot-loss"
              >
                {curveName}
              </button>
            </div>
          )}
          {half && m && plot !== 'loss' && (
            <div className="plot-switch" role="group" aria-label="FSC shown">
              <button type="button" aria-pressed={plot === 'truth'} onClick={() => setPreferTruth(true)}>
                vs truth
              </button>
              <button type="button" aria-pressed={plot === 'half'} onClick={() => setPreferTruth(false)}>
                half sets
              </button>
            </div>
          )}
          {plot === 'loss' && curve ? (
            <LossPlot
              steps={curve.steps}
              losses={curve.losses}
              yLabel={curveName}
              width={PLOT_WIDTH}
              height={inTab ? 104 : 120}
              testId={r.lossCurve ? 'cn-loss-plot' : 'residual-plot'}
            />
          ) : plot === 'half' && half ? (
            <FscPlot
              fsc={half.fsc}
              allLabel="total"
              testId="halfset-plot"
              width={PLOT_WIDTH}
              height={(m ? 112 : 128) - (inTab ? 24 : 0)}
            />
          ) : (
            m && <FscPlot fsc={m.fsc} width={PLOT_WIDTH} height={inTab ? 104 : 128} />
          )}
        </div>
      )}
    </Box>
  );
}

/** Slab mode: where the tomogram is, Download MRC and Dismiss (which deletes it from browser storage). */
function SlabLine({ slab, busy }: { slab: NonNullable<ReconSummary['slab']>; busy: boolean }) {
  const download = () =>
    downloadSlabResult(slab).catch((e: unknown) =>
      useAppStore.getState().showError({
        title: 'Could not download the tomogram',
        message: e instanceof Error ? e.message : String(e),
        hint: 'Reconstruct again: the file in browser storage is gone.',
      }),
    );
  return (
    <p className="num slab-line" data-testid="slab-result">
      <span className="muted">
        slab mode: {slab.slabs} slabs of {slab.slabRows} rows, {(slab.fileBytes / 1e6).toFixed(1)} MB in
        browser storage{' '}
      </span>
      <button type="button" data-testid="download-mrc" onClick={() => void download()}>
        Download MRC
      </button>{' '}
      <button
        type="button"
        data-testid="dismiss-result"
        disabled={busy}
        title="forget this result and delete its file from browser storage"
        onClick={dismissResult}
      >
        Dismiss
      </button>
    </p>
  );
}
