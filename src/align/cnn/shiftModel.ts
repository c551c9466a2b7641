/**
 * A trained shift model and its file. The file is self-describing: the 8 bytes "WLSHIFT1", a little-endian
 * uint32 header length, a UTF-8 JSON header (format, version, network spec, working binning, training
 * facts), zero padding to a multiple of 4, then the float32 little-endian weights of each member network in
 * the order `weightShapes(spec)` lists them. A few tens of kB.
 */
import { WedgeLabError } from '../../core/errors.ts';
import { weightShapes, type NetWeights, type ShiftNetSpec } from './model.ts';

export interface ShiftModelInfo {
  /** binning of the working frame the networks were trained in (full-resolution px per input px) */
  frameBin: number;
  /** largest shift error of the training pairs, full-resolution px per axis: the range it corrects */
  maxShiftPx: number;
  /** k-fold CV error on the training pairs, full-resolution px (RMS of the shift-vector error) */
  cvErrorPx: number;
  /** the same for predicting no correction */
  cvBaselinePx: number;
  /** what it was trained on, for the record */
  trainedOn: { views: number; pairs: number; epochs: number; folds: number; seed: number; noise: string };
}

/**
 * The ensemble of fold networks (their mean is the prediction) and how they were trained. Plain numbers, no
 * tfjs tensors: nothing to dispose, and it can be posted to a worker as it is.
 */
export interface ShiftModel extends ShiftModelInfo {
  members: NetWeights[];
}

const MAGIC = 'WLSHIFT1';
const FORMAT = 'wedgelab-shift-model';
const VERSION = 1;

interface Header extends ShiftModelInfo {
  format: string;
  version: number;
  spec: ShiftNetSpec;
  members: number;
  weightCount: number;
}

const countOf = (spec: ShiftNetSpec) =>
  weightShapes(spec).reduce((s, shape) => s + shape.reduce((a, b) => a * b, 1), 0);

export async function saveShiftModel(model: ShiftModel): Promise<Uint8Array> {
  await Promise.resolve();
  if (model.members.length === 0)
    throw new WedgeLabError('bad-argument', 'shift model has no networks to save');
  const spec = model.members[0].spec;
  const per = countOf(spec);
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    spec,
    members: model.members.length,
    weightCount: per,
    frameBin: model.frameBin,
    maxShiftPx: model.maxShiftPx,
    cvErrorPx: model.cvErrorPx,
    cvBaselinePx: model.cvBaselinePx,
    trainedOn: model.trainedOn,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + json.length) / 4) * 4;
  const bytes = new Uint8Array(start + 4 * per * model.members.length);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  let at = start;
  for (const net of model.members) {
    for (const values of net.values) {
      for (let i = 0; i < values.length; i++, at += 4) view.setFloat32(at, values[i], true);
    }
  }
  return bytes;
}

const bad = (why: string) => new WedgeLabError('bad-header', `shift model file: ${why}`);

export function loadShiftModel(bytes: Uint8Array): ShiftModel {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw bad(`does not start with ${MAGIC}; expected a file written by saveShiftModel`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length)
    throw bad(`header of ${length} bytes runs past the end (${bytes.length} bytes)`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length)));
  } catch {
    throw bad('header is not valid JSON');
  }
  if (header.format !== FORMAT || header.version !== VERSION) {
    throw bad(
      `format ${header.format} version ${header.version}; this WedgeLab reads ${FORMAT} version ${VERSION}`,
    );
  }
  const per = countOf(header.spec);
  if (per !== header.weightCount || !(header.members >= 1))
    throw bad('weight count does not match its network spec');
  const start = Math.ceil((12 + length) / 4) * 4;
  const expected = start + 4 * per * header.members;
  if (bytes.length !== expected) throw bad(`${bytes.length} bytes, expected ${expected} (truncated?)`);
  const shapes = weightShapes(header.spec);
  let at = start;
  const members: NetWeights[] = [];
  for (let m = 0; m < header.members; m++) {
    const values = shapes.map((shape) => {
      const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
      for (let i = 0; i < v.length; i++, at += 4) v[i] = view.getFloat32(at, true);
      return v;
    });
    members.push({ spec: header.spec, values });
  }
  return {
    members,
    frameBin: header.frameBin,
    maxShiftPx: header.maxShiftPx,
    cvErrorPx: header.cvErrorPx,
    cvBaselinePx: header.cvBaselinePx,
    trainedOn: header.trainedOn,
  };
}
