// The CPU projector reads and writes arrays in shared memory in place from its threads; ordinary arrays go
// to each thread as copied detector windows and volume slabs (about a quarter more CPU time on 2 cores).
// The algorithms allocate ordinary arrays, so this adapter stages them through shared scratch buffers:
// one memcpy per call instead of per-thread gathers and scatters, and back-projections allocated shared
// when the caller gives no output array (WBP's volume).
import type { Projector, ProjectorHooks } from '../projector.ts';
import { allocateSharedFloat32, canShareMemory } from './memory.ts';

type Alloc = (length: number) => Float32Array;

const isShared = (a: Float32Array): boolean => a.buffer instanceof SharedArrayBuffer;

export function withSharedArrays(p: Projector, alloc: Alloc): Projector {
  const vol = p.volumeDims.nx * p.volumeDims.ny * p.volumeDims.nz;
  const scratch = new Map<string, Float32Array>();
  const buffer = (name: string, length: number): Float32Array => {
    let b = scratch.get(name);
    if (!b || b.length !== length) scratch.set(name, (b = alloc(length)));
    return b;
  };
  const viewSize = p.detectorDims.nu * p.detectorDims.nv;
  /** `a` in shared memory; with `views`, only those views are copied (the projector reads no others) */
  const staged = (name: string, a: Float32Array, views?: readonly number[]): Float32Array => {
    if (isShared(a)) return a;
    const b = buffer(name, a.length);
    if (!views) b.set(a);
    else for (const k of views) b.set(a.subarray(k * viewSize, (k + 1) * viewSize), k * viewSize);
    return b;
  };
  // forward writes its output through per-thread windows either way: only its input is staged
  const back = async (
    input: Float32Array,
    out: Float32Array | undefined,
    views?: readonly number[],
    hooks?: ProjectorHooks,
  ): Promise<Float32Array> => {
    const src = staged('back in', input, views);
    if (!out) return p.back(src, alloc(vol), views, hooks);
    if (isShared(out)) return p.back(src, out, views, hooks);
    const dst = buffer('back out', out.length);
    await p.back(src, dst, views, hooks);
    out.set(dst);
    return out;
  };
  return {
    volumeDims: p.volumeDims,
    detectorDims: p.detectorDims,
    geometry: p.geometry,
    nviews: p.nviews,
    device: p.device,
    forward: (v, out, views, hooks) => p.forward(staged('forward in', v), out, views, hooks),
    back,
    dispose: () => {
      scratch.clear();
      p.dispose();
    },
  };
}

/**
 * `p` with shared-memory staging where its threads can share memory (Node; a cross-origin-isolated page),
 * else `p` itself (each thread then gets copies). Both hosts build their CPU projector through this.
 */
export function withSharedMemory(p: Projector, threads: number): Projector {
  return threads > 1 && canShareMemory() ? withSharedArrays(p, allocateSharedFloat32) : p;
}
