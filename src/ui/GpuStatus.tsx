import { useEffect, useState } from 'react';
import { probeGpu } from '../gpu/device.ts';

type Probe = Awaited<ReturnType<typeof probeGpu>>;

/**
 * The footer's GPU notice: the hardware adapter jobs on `auto` use, or, where there is none (no WebGPU, no
 * adapter, only a software one), that they run on the CPU threads and why; marked so it is seen.
 */
export function GpuStatus() {
  const [probe, setProbe] = useState<Probe | null>(null);
  useEffect(() => {
    let live = true;
    void probeGpu().then((p) => live && setProbe(p));
    return () => {
      live = false;
    };
  }, []);
  if (!probe) return <span data-testid="gpu-status">gpu: …</span>;
  const hardware = probe.adapterName !== null && !probe.isSoftware;
  const why = probe.adapterName ? `only a software adapter (${probe.adapterName})` : probe.reason;
  return (
    <span
      data-testid="gpu-status"
      className={hardware ? undefined : 'footer-notice'}
      title={
        hardware
          ? `WebGPU on ${probe.adapterName}: jobs on device auto use it, and continue on the CPU if it is lost`
          : `${why}: every job runs on the CPU threads (slower than a GPU). A browser with WebGPU on a hardware GPU (Chrome, Edge; Firefox and Safari where enabled) is faster.`
      }
    >
      gpu: {hardware ? probe.adapterName : 'none · CPU path'}
    </span>
  );
}
