// Kernel timing: GPU timestamps where the 'timestamp-query' feature was granted, else wall clock around
// submit → onSubmittedWorkDone (which includes queue latency, so it over-reports small dispatches).
import { BufferUsage, MapModeRead } from './flags.ts';

export interface TimingResult {
  /** summed kernel time in ms */
  ms: number;
  source: 'timestamp' | 'wall';
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** Times up to `maxPasses` compute passes; call passDescriptor() for each pass, then finish() once. */
export class PassTimer {
  private readonly querySet: GPUQuerySet | null;
  private readonly resolve: GPUBuffer | null;
  private passes = 0;
  private readonly startMs = now();

  constructor(
    private readonly device: GPUDevice,
    useTimestamps: boolean,
    private readonly maxPasses = 64,
  ) {
    this.querySet = useTimestamps ? device.createQuerySet({ type: 'timestamp', count: 2 * maxPasses }) : null;
    this.resolve = useTimestamps
      ? device.createBuffer({
          size: 16 * maxPasses,
          usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC,
        })
      : null;
  }

  passDescriptor(label: string): GPUComputePassDescriptor {
    if (!this.querySet || this.passes >= this.maxPasses) return { label };
    const i = this.passes++;
    return {
      label,
      timestampWrites: {
        querySet: this.querySet,
        beginningOfPassWriteIndex: 2 * i,
        endOfPassWriteIndex: 2 * i + 1,
      },
    };
  }

  /** Resolves the queries (or waits for the queue) and returns the total. */
  async finish(): Promise<TimingResult> {
    if (!this.querySet || !this.resolve || this.passes === 0) {
      await this.device.queue.onSubmittedWorkDone();
      this.destroy();
      return { ms: now() - this.startMs, source: 'wall' };
    }
    const n = 2 * this.passes;
    const staging = this.device.createBuffer({
      size: 8 * n,
      usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
    });
    const enc = this.device.createCommandEncoder();
    enc.resolveQuerySet(this.querySet, 0, n, this.resolve, 0);
    enc.copyBufferToBuffer(this.resolve, 0, staging, 0, 8 * n);
    this.device.queue.submit([enc.finish()]);
    await staging.mapAsync(MapModeRead);
    const ticks = new BigUint64Array(staging.getMappedRange().slice(0));
    staging.destroy();
    this.destroy();
    let ns = 0;
    // Timestamps are nanoseconds; a pass whose end precedes its start (allowed by the spec) counts as 0.
    for (let i = 0; i < this.passes; i++) ns += Math.max(0, Number(ticks[2 * i + 1] - ticks[2 * i]));
    return { ms: ns / 1e6, source: 'timestamp' };
  }

  private destroy(): void {
    this.querySet?.destroy();
    this.resolve?.destroy();
  }
}
