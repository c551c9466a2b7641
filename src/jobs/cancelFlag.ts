/**
 * Cancel for synchronous loops in the recon worker. A worker busy in a loop (SSIM over 256 planes) never
 * handles the comlink `cancel` message, so its AbortSignal never flips. A one-word SharedArrayBuffer flag,
 * set by the main thread and read by the loop, does: the metric functions check `signal.aborted` per plane.
 * Needs cross-origin isolation (COOP/COEP, as scripts/serve.js sends); without it there is no flag and the
 * job stops between stages instead (the UI is released at once either way: src/jobs/runner.ts).
 */

/** A fresh flag, or undefined where SharedArrayBuffer is unavailable. */
export function createCancelFlag(): Int32Array | undefined {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (typeof SharedArrayBuffer === 'undefined' || !isolated) return undefined;
  return new Int32Array(new SharedArrayBuffer(4));
}

export function raiseCancelFlag(flag: Int32Array | undefined): void {
  if (flag) Atomics.store(flag, 0, 1);
}

/** `aborted` is true once the signal aborted or the shared flag was raised. */
export function abortedBy(signal: AbortSignal, flag?: Int32Array): { readonly aborted: boolean } {
  return {
    get aborted() {
      return signal.aborted || (flag !== undefined && Atomics.load(flag, 0) !== 0);
    },
  };
}
