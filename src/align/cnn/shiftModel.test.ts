import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isWedgeLabError } from '../../core/errors.ts';
import { initShiftBackend } from './backend.ts';
import { loadShiftModel, saveShiftModel, type ShiftModel } from './shiftModel.ts';
import { blobPairs } from './testUtil.ts';
import { predictPairs, trainShiftModel } from './train.ts';

const wasmPaths = fileURLToPath(
  new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url),
);
const SPEC = { convs: [{ filters: 4, dilation: 1, relu: false }], lagRadius: 1, hidden: 8 };

async function tinyModel(seed: number): Promise<ShiftModel> {
  const set = blobPairs(4, 8, 24, 1, 0.3, 7);
  const trained = await trainShiftModel(set, [0, 1, 2, 3], 2, {
    epochs: 1,
    folds: 2,
    batchSize: 8,
    learningRate: 3e-3,
    seed,
    spec: SPEC,
  });
  return {
    members: trained.members,
    frameBin: 2,
    maxShiftPx: 2,
    cvErrorPx: trained.cvErrorPx,
    cvBaselinePx: trained.cvBaselinePx,
    trainedOn: { views: 4, pairs: set.count, epochs: 1, folds: 2, seed, noise: 'test' },
  };
}

const expectBadFile = (f: () => unknown, pattern: RegExp) => {
  try {
    f();
  } catch (e) {
    expect(isWedgeLabError(e) && e.code === 'bad-header').toBe(true);
    expect((e as Error).message).toMatch(pattern);
    expect((e as Error).message).not.toContain('\n');
    return;
  }
  throw new Error('expected a WedgeLabError');
};

describe('shift model file', () => {
  let model: ShiftModel;
  beforeAll(async () => {
    expect(await initShiftBackend({ wasmPaths })).toBe('wasm');
    model = await tinyModel(3);
  });

  it('save → load gives the same predictions, bit for bit, and keeps the training facts', async () => {
    const bytes = await saveShiftModel(model);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('WLSHIFT1');
    const loaded = loadShiftModel(bytes);
    expect(loaded.members).toHaveLength(2);
    expect(loaded.cvErrorPx).toBe(model.cvErrorPx);
    expect(loaded.trainedOn).toEqual(model.trainedOn);
    expect(loaded.frameBin).toBe(2);
    const probe = blobPairs(2, 6, 24, 1, 0.3, 99);
    const idx = [...Array(probe.count).keys()];
    const before = predictPairs(model.members, probe, idx);
    const after = predictPairs(loaded.members, probe, idx);
    expect(Array.from(after)).toEqual(Array.from(before));
    // predictions are not all the same number (the test would pass for a constant network too)
    expect(new Set(Array.from(before)).size).toBeGreaterThan(probe.count);
    // a second save of the loaded model is the same file
    expect(Array.from(await saveShiftModel(loaded))).toEqual(Array.from(bytes));
  });

  it('is deterministic for a seed and differs for another', async () => {
    const again = await tinyModel(3);
    expect(Array.from(again.members[1].values[0])).toEqual(Array.from(model.members[1].values[0]));
    expect(again.cvErrorPx).toBe(model.cvErrorPx);
    const other = await tinyModel(4);
    expect(Array.from(other.members[0].values[0])).not.toEqual(Array.from(model.members[0].values[0]));
  });

  it('refuses files it did not write, truncated files and other versions, in one line', async () => {
    const bytes = await saveShiftModel(model);
    expectBadFile(() => loadShiftModel(new TextEncoder().encode('{"not":"a model"}')), /WLSHIFT1/);
    expectBadFile(() => loadShiftModel(bytes.subarray(0, bytes.length - 8)), /truncated/);
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
    const header = new TextDecoder()
      .decode(bytes.subarray(12, 12 + length))
      .replace('"version":1', '"version":7');
    const edited = Uint8Array.from(bytes);
    edited.set(new TextEncoder().encode(header), 12);
    expectBadFile(() => loadShiftModel(edited), /version 7; this WedgeLab reads .* version 1/);
  });
});
