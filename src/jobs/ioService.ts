/**
 * The io service: opens stacks from Blobs (header first, sections on demand) and serves sections.
 * It runs inside workers/io.worker.ts, or on the main thread when Workers are unavailable.
 * Parsing itself lives in src/io; this file only keeps open datasets and job bookkeeping.
 */
import { blobSource, maybeDecompress, openMrc } from '../io/mrc/index.ts';
import type { MrcFile } from '../io/mrc/types.ts';
import { generateDemoTiltSeries } from '../core/phantoms/demo.ts';
import { WedgeLabError } from '../core/errors.ts';
import { StatsAccumulator } from '../core/stats.ts';
import type { DataStats } from '../core/types.ts';
import { resolveAngles } from './angles.ts';
import { modeLabel, notAStack, splitSelection } from './fileKinds.ts';
import type { DatasetSummary, IoApi, ProgressFn, SectionData } from './types.ts';

interface Dataset {
  summary: DatasetSummary;
  read(k: number, bin: number): Promise<{ data: Float32Array; bin: number }>;
}

/** Progress at most every `ms`, the last call (fraction 1) always delivered. */
function throttled(fn: ProgressFn | undefined, ms = 100): ProgressFn {
  let last = 0;
  return (fraction) => {
    const now = Date.now();
    if (!fn || (fraction < 1 && now - last < ms)) return;
    last = now;
    void fn(fraction);
  };
}

function binnedShape(nx: number, ny: number, bin: number, length: number): [number, number] {
  const floor: [number, number] = [Math.floor(nx / bin), Math.floor(ny / bin)];
  if (floor[0] * floor[1] === length) return floor;
  return [Math.ceil(nx / bin), Math.ceil(ny / bin)];
}

export function createIoService(): IoApi {
  let nextId = 1;
  const datasets = new Map<number, Dataset>();
  const cancelled = new Set<number>();

  const checkCancel = (jobId: number, what: string): void => {
    if (cancelled.has(jobId)) throw new WedgeLabError('cancelled', `${what}: cancelled`);
  };
  const finish = (jobId: number): void => {
    cancelled.delete(jobId);
  };
  const get = (id: number): Dataset => {
    const ds = datasets.get(id);
    if (!ds) throw new WedgeLabError('not-found', `dataset ${id} is closed; open the file again`);
    return ds;
  };
  const add = (make: (id: number) => Dataset): DatasetSummary => {
    const id = nextId++;
    const ds = make(id);
    datasets.set(id, ds);
    return ds.summary;
  };

  return {
    async ping() {
      return 'pong' as const;
    },

    async openDemo() {
      const ts = generateDemoTiltSeries();
      const plane = ts.nx * ts.ny;
      return add((id) => ({
        summary: {
          id,
          name: 'demo tilt series',
          kind: 'demo',
          nx: ts.nx,
          ny: ts.ny,
          nz: ts.nviews,
          mode: 2,
          modeLabel: modeLabel(2),
          voxelSizeA: [ts.pixelSizeA, ts.pixelSizeA, ts.pixelSizeA],
          exttyp: '',
          labels: ['WedgeLab built-in demo: Gaussian blobs, a filament and gold beads in ice'],
          warnings: [],
          tiltAnglesDeg: ts.views.map((v) => v.angleDeg),
          anglesFrom: 'demo',
          tiltAxisDeg: null,
          sizeBytes: ts.data.byteLength,
        },
        read: async (k) => ({ data: ts.data.slice(k * plane, (k + 1) * plane), bin: 1 }),
      }));
    },

    async open(jobId, files, onProgress, opts = {}) {
      const progress = throttled(onProgress);
      try {
        const { stack, angleFiles, ignored, notRead } = splitSelection(files);
        if (!stack) {
          const names = files.map((f) => f.name).join(', ') || 'nothing';
          throw new WedgeLabError(
            'bad-argument',
            `${names}: no image stack chosen; choose the .mrc/.st stack together with its angle file`,
          );
        }
        progress(0);
        const source = await maybeDecompress(blobSource(stack, stack.name));
        checkCancel(jobId, stack.name);
        progress(0.5);
        const mrc: MrcFile = await openMrc(source, { permissive: opts.permissive === true });
        checkCancel(jobId, stack.name);
        const h = mrc.header;
        const warnings = [
          ...h.warnings,
          ...ignored.map((f) => `${f.name}: ignored, one stack at a time`),
          ...notRead.map((f) => `${f.name}: ignored, ${notAStack(f.name)}`),
        ];
        const resolved = await resolveAngles(mrc, stack.name, angleFiles);
        if (resolved) warnings.push(...resolved.warnings);
        const angles = resolved && resolved.anglesDeg.length > 0 ? resolved : null;
        progress(1);
        return add((id) => ({
          summary: {
            id,
            name: stack.name,
            kind: 'mrc',
            nx: h.nx,
            ny: h.ny,
            nz: mrc.nsections,
            mode: h.mode,
            modeLabel: modeLabel(h.mode),
            voxelSizeA: h.voxelSizeA,
            exttyp: h.exttyp,
            labels: h.labels,
            warnings,
            tiltAnglesDeg: angles?.anglesDeg ?? null,
            anglesFrom: angles?.from ?? null,
            tiltAxisDeg: angles?.tiltAxisDeg ?? null,
            sizeBytes: stack.size,
          },
          read: async (k, bin) => ({ data: await mrc.readSection(k, { bin }), bin }),
        }));
      } finally {
        finish(jobId);
      }
    },

    async readSection(datasetId, k, bin = 1): Promise<SectionData> {
      const ds = get(datasetId);
      const { nx, ny, nz, name } = ds.summary;
      if (!Number.isInteger(k) || k < 0 || k >= nz) {
        throw new WedgeLabError(
          'bad-argument',
          `${name}: section ${k} does not exist; expected 0 to ${nz - 1}`,
        );
      }
      const got = await ds.read(k, Math.max(1, Math.floor(bin)));
      const [bx, by] = binnedShape(nx, ny, got.bin, got.data.length);
      // the buffer is transferred: it must not be a view into memory the reader keeps
      const whole = got.data.byteOffset === 0 && got.data.byteLength === got.data.buffer.byteLength;
      return { k, nx: bx, ny: by, bin: got.bin, data: whole ? got.data : got.data.slice() };
    },

    async scanStats(jobId, datasetId, onProgress): Promise<DataStats> {
      const progress = throttled(onProgress);
      try {
        const ds = get(datasetId);
        const acc = new StatsAccumulator();
        for (let k = 0; k < ds.summary.nz; k++) {
          checkCancel(jobId, ds.summary.name);
          acc.add((await ds.read(k, 1)).data);
          progress((k + 1) / ds.summary.nz);
        }
        return acc.result();
      } finally {
        finish(jobId);
      }
    },

    async cancel(jobId) {
      cancelled.add(jobId);
    },

    async close(datasetId) {
      datasets.delete(datasetId);
    },
  };
}
