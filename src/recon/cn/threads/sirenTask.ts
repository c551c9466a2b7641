// What a network thread does with each message: it keeps one SirenNet and runs forward/backward on its
// share of the batch with the parameters the main thread sends. Host-independent (both entries wire it).
import { SirenNet } from '../sirenNet.ts';
import type { SirenSpec } from '../sirenSpec.ts';

export type SirenRequest =
  | { kind: 'forward'; spec: SirenSpec; params: Float32Array; points: Float32Array }
  | { kind: 'backward'; grad: Float32Array };

export type SirenReply =
  | { kind: 'forward'; values: Float32Array }
  | { kind: 'backward'; gradients: Float32Array }
  | { kind: 'error'; message: string };

let net: SirenNet | undefined;

export function runSirenTask(t: SirenRequest): SirenReply {
  try {
    if (t.kind === 'forward') {
      if (!net || JSON.stringify(net.spec) !== JSON.stringify(t.spec))
        net = new SirenNet(t.spec, t.params, t.points.length / 3);
      else net.setParams(t.params);
      return { kind: 'forward', values: net.forward(t.points).slice() };
    }
    if (!net) return { kind: 'error', message: 'network thread: backward before forward' };
    net.backward(t.grad);
    return { kind: 'backward', gradients: net.gradients().slice() };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}
