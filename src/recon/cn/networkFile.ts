/**
 * The trained networks as one small file (.wlcn): gzip of a JSON header line and the float32 parameters of
 * each network in order. The header names the format, the data scale and each network's spec and rows, so a
 * loaded file is checked against the volume it is used for.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { WedgeLabError } from '../../core/errors.ts';
import { paramLayout } from './sirenSpec.ts';
import type { SavedNetwork } from './cn.ts';

const FORMAT = 'wedgelab-cn/1';

export interface NetworkFile {
  networks: SavedNetwork[];
  /** the volume size the networks were fitted for */
  dims: { nx: number; ny: number; nz: number };
  scale: number;
  mode: string;
}

export function encodeNetworks(f: NetworkFile): Uint8Array {
  const header = JSON.stringify({
    format: FORMAT,
    dims: f.dims,
    scale: f.scale,
    mode: f.mode,
    networks: f.networks.map((n) => ({ spec: n.spec, y0: n.y0, y1: n.y1, values: n.params.length })),
  });
  const head = new TextEncoder().encode(header + '\n');
  const total = f.networks.reduce((s, n) => s + 4 * n.params.length, head.length);
  const pad = (4 - (head.length % 4)) % 4;
  const out = new Uint8Array(total + pad);
  out.set(head);
  out.fill(0x20, head.length, head.length + pad); // spaces keep the floats 4-byte aligned
  let o = head.length + pad;
  for (const n of f.networks) {
    out.set(new Uint8Array(n.params.buffer, n.params.byteOffset, 4 * n.params.length), o);
    o += 4 * n.params.length;
  }
  return gzipSync(out, { level: 6 });
}

export function decodeNetworks(bytes: Uint8Array, name: string): NetworkFile {
  let raw: Uint8Array;
  try {
    raw = gunzipSync(bytes);
  } catch {
    throw new WedgeLabError(
      'bad-header',
      `${name}: not a network file (not gzip); save one with --save-network`,
    );
  }
  const nl = raw.indexOf(0x0a);
  let h: {
    format?: string;
    dims: NetworkFile['dims'];
    scale: number;
    mode: string;
    networks: { spec: SavedNetwork['spec']; y0: number; y1: number; values: number }[];
  };
  try {
    h = JSON.parse(new TextDecoder().decode(raw.subarray(0, nl)));
  } catch {
    throw new WedgeLabError(
      'bad-header',
      `${name}: not a network file (no header); save one with --save-network`,
    );
  }
  if (h.format !== FORMAT)
    throw new WedgeLabError('bad-header', `${name}: format ${h.format ?? 'unknown'}, expected ${FORMAT}`);
  let o = nl + 1;
  while (o % 4) o++;
  const networks: SavedNetwork[] = [];
  for (const n of h.networks) {
    if (paramLayout(n.spec).size !== n.values)
      throw new WedgeLabError(
        'bad-header',
        `${name}: a ${n.spec.depth}×${n.spec.width} network with ${n.values} values`,
      );
    if (o + 4 * n.values > raw.length)
      throw new WedgeLabError('truncated', `${name}: truncated (${raw.length} bytes after unzipping)`);
    networks.push({
      spec: n.spec,
      y0: n.y0,
      y1: n.y1,
      params: new Float32Array(raw.slice(o, o + 4 * n.values).buffer),
    });
    o += 4 * n.values;
  }
  return { networks, dims: h.dims, scale: h.scale, mode: h.mode };
}
