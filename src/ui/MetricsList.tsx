/** The numbers of a result: PSNR, SSIM, VIF and FSC crossings against the truth, and the half-set FSC. */
import type { FscCrossingSummary, HalfSetJobResult, MetricsJobResult } from '../jobs/reconTypes.ts';
import { fmt } from './format.ts';

/** "0.213 /px · 9.4 Å"; "unknown" Å when the voxel size is unknown; the threshold never crossed. */
export function fmtCrossing(c: FscCrossingSummary | null, threshold: string): string {
  if (!c) return `above ${threshold} to Nyquist`;
  const a = c.resolutionA === null ? 'unknown Å' : `${fmt(c.resolutionA, 1)} Å`;
  return `${fmt(c.freqPerPx, 3)} /px · ${a}`;
}

const UNKNOWN_VOXEL = 'the voxel size is unknown (MRC cell 0): Å figures need it';

export function TruthMetrics({ m }: { m: MetricsJobResult }) {
  const title = m.voxelSizeA === null ? UNKNOWN_VOXEL : undefined;
  return (
    <dl className="metrics num" data-testid="metrics">
      <dt>PSNR</dt>
      <dd>{fmt(m.psnr, 2)} dB</dd>
      <dt>SSIM</dt>
      <dd>{fmt(m.ssim, 3)}</dd>
      <dt title="VIFp on the truth's 0–255 scale">VIF</dt>
      <dd title={m.undefinedReasons?.vif}>{m.vif === null ? 'undefined' : fmt(m.vif, 3)}</dd>
      <dt>FSC 0.143</dt>
      <dd title={title}>{fmtCrossing(m.fsc143, '0.143')}</dd>
      <dt>FSC 0.5</dt>
      <dd title={title}>{fmtCrossing(m.fsc05, '0.5')}</dd>
    </dl>
  );
}

/** `warn`: say why it may overstate the resolution (h.warning), unless the views are aligned by construction */
export function HalfSetLine({ h, warn = true }: { h: HalfSetJobResult; warn?: boolean }) {
  return (
    <>
      <p
        className="num halfset-line"
        data-testid="halfset-result"
        title={`half sets of ${h.half1Views} + ${h.half2Views} views (alternate views in tilt order)${h.voxelSizeA === null ? `; ${UNKNOWN_VOXEL}` : ''}`}
      >
        half-set 0.143: {fmtCrossing(h.fsc143, '0.143')}
      </p>
      {warn && h.warning && (
        <p className="problem result-warning" data-testid="halfset-warning">
          {h.warning}
        </p>
      )}
    </>
  );
}
