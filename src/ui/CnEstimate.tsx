import { useRef } from 'react';
import { cnExpectedSeconds, cnTotalSteps } from '../pipeline/index.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { fmtDuration } from './format.ts';

/** What the coordinate network does, in one line, and how long this fit should take before it starts. */
export function CnEstimate() {
  const ds = useAppStore((s) => s.dataset);
  const p = useReconStore((s) => s.recon);
  const bin = Math.max(1, p.bin);
  const dims = ds
    ? {
        nx: Math.max(2, Math.round(ds.nx / bin)),
        ny: Math.floor(ds.ny / bin),
        nz: Math.max(1, Math.round(p.thickness / bin)),
      }
    : null;
  const threads = Math.max(1, Math.min(8, globalThis.navigator?.hardwareConcurrency ?? 1));
  // 0 steps: fast mode's automatic count
  const opts = {
    mode: p.cnMode,
    width: p.width,
    depth: p.depth,
    iterations: p.iterations > 0 ? p.iterations : undefined,
  };
  const ok = dims !== null && dims.ny >= 2;
  const seconds = ok ? cnExpectedSeconds(opts, dims, threads) : null;
  const steps = ok ? cnTotalSteps(opts, dims) : null;
  return (
    <p className="muted cn-estimate" data-testid="cn-estimate">
      A small neural network learns the density at every point so that its projections match the views; what
      it puts in the missing wedge comes from that fit, not from training data.
      {seconds !== null &&
        ` ${steps} steps, estimated ${fmtDuration(seconds)} on ${threads} CPU thread${threads > 1 ? 's' : ''}.`}
    </p>
  );
}

/** Continue from a network saved by Save network (or --save-network): same sizes, mode and thickness. */
export function NetworkField({ file, onChange }: { file: File | null; onChange: (f: File | null) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div
      className="field network-field"
      title="continue the fit of a saved network (.wlcn): the same volume size, network size and mode"
    >
      <span>Start from</span>
      <span className="network-row">
        <input
          ref={input}
          key={file ? 'chosen' : 'none'}
          type="file"
          accept=".wlcn"
          hidden
          data-testid="cn-load-network"
          onChange={(e) => onChange(e.currentTarget.files?.[0] ?? null)}
        />
        <button
          type="button"
          data-testid="cn-choose-network"
          onClick={() => (file ? onChange(null) : input.current?.click())}
          title={file ? `${file.name}: click for a fresh network` : 'choose a saved network (.wlcn)'}
        >
          {file ? `✕ ${file.name}` : 'fresh network…'}
        </button>
      </span>
    </div>
  );
}
