import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { AlignmentState } from '../state/reconStore.ts';
import { downloadAlignedStack, downloadTlt, downloadXf } from './alignActions.ts';
import { AlignedMovie } from './AlignedMovie.tsx';
import { AlignPlot, type AlignPlotKind } from './AlignPlot.tsx';
import { AxisSearchPlot } from './AxisSearchPlot.tsx';
import { fmt, fmtDuration } from './format.ts';
import { useNextTask } from './useNextTask.ts';

const PLOT_WIDTH = 260;
/** below this width the facts go under the plot and the movie, and the box scrolls */
const NARROW_PX = 720;
/** below this width (a 1024 px screen) the plot takes the whole width and the movie goes under it too */
const ONE_COLUMN_PX = 580;

/** The element's width, rounded to 10 px (a re-render per resize step, not per pixel). */
function useWidth(): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.clientWidth / 10) * 10);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

const median = (v: number[]): number => {
  const s = [...v].sort((p, q) => p - q);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

/**
 * The alignment the page holds (the result area's Alignment tab): shifts or residuals against tilt, the
 * summary, where it came from and whether the next Reconstruct uses it, .xf/.tlt downloads and the
 * aligner's warnings, which name the views.
 */
export function AlignmentResult({ a }: { a: AlignmentState }) {
  const [chosen, setKind] = useState<AlignPlotKind | 'axis'>('shifts');
  const kinds = a.axisSearch
    ? (['shifts', 'residuals', 'axis'] as const)
    : (['shifts', 'residuals'] as const);
  const kind = chosen === 'axis' && !a.axisSearch ? 'shifts' : chosen;
  const [box, width] = useWidth();
  const mounted = useNextTask();
  const movie = useNextTask(mounted);
  const narrow = width > 0 && width < NARROW_PX;
  // one column: the whole width less the scroll bar
  const plotWidth = narrow && width < ONE_COLUMN_PX ? Math.max(200, width - 14) : PLOT_WIDTH;
  const kept = a.residualsPx.filter((r): r is number => r !== null);
  const largest = Math.max(0, ...a.shiftsPx.map(([dx, dy]) => Math.hypot(dx, dy)));
  const excluded = a.excludedViews.map((k) => `${k + 1} (${a.anglesDeg[k]}°)`).join(', ');
  const plotSwitch = (
    <span className="plot-switch" role="group" aria-label="Alignment plot">
      {kinds.map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={kind === k}
          data-testid={`align-plot-${k}-button`}
          onClick={() => setKind(k)}
        >
          {k}
        </button>
      ))}
    </span>
  );
  const nudged = Object.entries(a.nudges ?? {})
    .filter(([, d]) => d[0] !== 0 || d[1] !== 0)
    .map(([k, d]) => `${Number(k) + 1} (${d.map((v) => fmt(v, 1)).join(', ')} px)`)
    .join(', ');
  return (
    <div className={narrow ? 'align-result narrow' : 'align-result'} ref={box}>
      <div className="plot-box">
        {!mounted ? null : kind === 'axis' && a.axisSearch ? (
          <AxisSearchPlot
            a={{ ...a, axisSearch: a.axisSearch }}
            width={plotWidth}
            height={narrow ? 104 : 120}
          >
            {plotSwitch}
          </AxisSearchPlot>
        ) : (
          <AlignPlot
            a={a}
            kind={kind === 'axis' ? 'shifts' : kind}
            width={plotWidth}
            height={narrow ? 120 : 136}
          >
            {plotSwitch}
          </AlignPlot>
        )}
      </div>
      {movie && <AlignedMovie a={a} />}
      <div className="result-facts" data-testid="align-facts">
        <p className="num" data-testid="align-summary">
          {a.method.toUpperCase()}: {a.anglesDeg.length - a.excludedViews.length} of {a.anglesDeg.length}{' '}
          views in {fmtDuration(a.seconds)}
        </p>
        <p
          className="num muted"
          title={`tilt axis ${fmt(a.axisRotationDeg, 2)}° (degrees CCW from +Y), tilt offset ${fmt(a.tiltOffsetDeg, 2)}°${a.converged ? '' : '; stopped at its iteration limit with the shifts still moving'}`}
        >
          largest shift {fmt(largest, 1)} px · tilt axis {fmt(a.axisRotationDeg, 1)}°
        </p>
        <p className="num muted">
          residual median {fmt(median(kept), 2)} px, max {fmt(Math.max(0, ...kept), 2)} px
        </p>
        {excluded && (
          <p className="num muted" title="views numbered from 1, as the Exclude views field">
            excluded: {excluded}
          </p>
        )}
        {nudged && (
          <p
            className="num muted"
            data-testid="align-nudged"
            title="views moved by hand in the movie (dx, dy)"
          >
            nudged: {nudged}
          </p>
        )}
        <p className="muted align-source" data-testid="align-source">
          {a.source === 'align-only' ? 'from Align only' : 'from the last reconstruction'}
        </p>
        <div className="halfset-row">
          <button
            type="button"
            data-testid="download-xf"
            title="the transforms as an IMOD .xf, one line per view (raw → aligned): wedgelab reconstruct --xf, IMOD newstack -xform"
            onClick={downloadXf}
          >
            Download .xf
          </button>
          <button
            type="button"
            data-testid="download-tlt"
            title="the tilt angles the alignment used (plus its tilt offset), one per view"
            onClick={downloadTlt}
          >
            Download .tlt
          </button>
          <button
            type="button"
            data-testid="download-aligned-stack"
            title="the views resampled into the aligned frame (IMOD .ali), nudges included"
            onClick={() => void downloadAlignedStack()}
          >
            Aligned stack
          </button>
        </div>
        <div className="align-warnings" data-testid="align-warnings" aria-label="Alignment warnings">
          {a.warnings.length === 0 ? (
            <p className="muted">no warnings</p>
          ) : (
            a.warnings.map((w) => (
              <p key={w} className="problem result-warning" data-testid="align-warning">
                {w}
              </p>
            ))
          )}
        </div>
      </div>
    </div>
  );
}
