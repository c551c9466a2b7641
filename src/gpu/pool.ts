// Buffer pool keyed by (size, usage): iterative methods run the same dispatches hundreds of times, and
// creating/destroying large buffers each time costs more than the kernels on some drivers.

/** Sizes are rounded up to this so near-equal requests share buffers (and copies stay 4-byte aligned). */
const GRANULE_BYTES = 256;

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly sizes = new Map<GPUBuffer, string>();
  private liveBytes = 0;

  constructor(private readonly device: GPUDevice) {}

  static roundUp(bytes: number): number {
    return Math.max(GRANULE_BYTES, Math.ceil(bytes / GRANULE_BYTES) * GRANULE_BYTES);
  }

  /** A buffer of at least `bytes`; contents are undefined (zero on first creation). */
  acquire(bytes: number, usage: GPUBufferUsageFlags, label = 'wedgelab'): GPUBuffer {
    const size = BufferPool.roundUp(bytes);
    const key = `${size}:${usage}`;
    const reused = this.free.get(key)?.pop();
    if (reused) return reused;
    const buffer = this.device.createBuffer({ size, usage, label });
    this.sizes.set(buffer, key);
    this.liveBytes += size;
    return buffer;
  }

  release(buffer: GPUBuffer): void {
    const key = this.sizes.get(buffer);
    if (!key) throw new Error('BufferPool.release: buffer was not acquired from this pool');
    const list = this.free.get(key) ?? [];
    list.push(buffer);
    this.free.set(key, list);
  }

  /** Bytes held by the pool (in use + free). */
  get allocatedBytes(): number {
    return this.liveBytes;
  }

  /** Destroys the free buffers (e.g. after a job); buffers still in use are kept. */
  trim(): void {
    for (const list of this.free.values()) {
      for (const b of list) {
        this.liveBytes -= b.size;
        this.sizes.delete(b);
        b.destroy();
      }
    }
    this.free.clear();
  }
}
