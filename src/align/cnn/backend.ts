/**
 * Which tfjs backend the shift network runs on. WASM is the fast one on every host here (Node, browser
 * workers; single-threaded, deterministic); it needs to be told where its .wasm files are, because its
 * default is a CDN and WedgeLab never leaves the machine: the host passes `wasmPaths` (in Node the folder
 * `node_modules/@tensorflow/tfjs-backend-wasm/dist/`, in the page the URLs its bundler emitted). Without
 * them the backend already chosen is kept, or tfjs's pure-JS CPU backend is used (same results, slower).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export interface ShiftBackendOptions {
  /** a folder URL/path ending in '/', or the URLs of tfjs-backend-wasm.wasm, -simd.wasm, -threaded-simd.wasm */
  wasmPaths?: string | Record<string, string>;
  /** force a backend ('wasm' needs wasmPaths unless it is already set up) */
  backend?: 'wasm' | 'cpu';
}

let wasmConfigured = false;

/** Sets up (once) and returns the backend name the network will run on. */
export async function initShiftBackend(opts: ShiftBackendOptions = {}): Promise<string> {
  if (opts.wasmPaths !== undefined && !wasmConfigured) {
    setWasmPaths(opts.wasmPaths as string);
    wasmConfigured = true;
  }
  const want = opts.backend ?? (wasmConfigured ? 'wasm' : undefined);
  if (want && tf.getBackend() !== want) {
    // the CPU backend greets Node users with a console banner; PROD silences it (and only debug checks)
    if (want === 'cpu') tf.env().set('PROD', true);
    const ok = await tf.setBackend(want);
    if (!ok && want === 'wasm') {
      tf.env().set('PROD', true);
      await tf.setBackend('cpu');
    }
  } else if (!want) {
    await tf.ready();
    if (tf.getBackend() !== 'wasm' && tf.getBackend() !== 'cpu') {
      // webgl/webgpu float precision and timing differ per device; the CPU backend is exact and the same
      tf.env().set('PROD', true);
      await tf.setBackend('cpu');
    }
  }
  await tf.ready();
  return tf.getBackend();
}
