/**
 * One training step of a coordinate network against a block of volume rows: evaluate the network on the
 * block's voxel grid, project it with the same Projector every engine uses, take WUCON's L1 loss against
 * the measured rows, back-project sign(residual) (the exact adjoint) as the gradient on the voxels, and
 * back-propagate that through the network (its vector–Jacobian product) to an Adam step. This is
 * `tf.customGrad` over the projector written out by hand: the projector may be asynchronous (threads, GPU).
 */
import { WedgeLabError } from '../../core/errors.ts';
import type { Projector } from '../projector.ts';
import { gridPoints, type GridSpan } from './grid.ts';
import type { TrainableNet } from './threadedSiren.ts';

/** The measured views (normalised), nu × nv × nviews, and where rows of them are read from. */
export interface Measured {
  data: Float32Array;
  nu: number;
  nv: number;
  nviews: number;
}

/** Rows [y0, y1) of every view, nu × rows × nviews (the block projector's layout). */
export function measuredRows(m: Measured, y0: number, y1: number, out?: Float32Array): Float32Array {
  const rows = y1 - y0;
  const n = m.nu * rows;
  const b =
    out && out.length >= n * m.nviews ? out.subarray(0, n * m.nviews) : new Float32Array(n * m.nviews);
  for (let k = 0; k < m.nviews; k++)
    b.set(m.data.subarray(m.nu * (y0 + m.nv * k), m.nu * (y1 + m.nv * k)), k * n);
  return b;
}

/**
 * WUCON's "tv" term (loss_functions.tv_loss): λ · Σ squared forward differences along x, y, z / voxels.
 * Adds its value to the return and its gradient to `grad`.
 */
export function smoothnessTerm(
  v: Float32Array,
  nx: number,
  ny: number,
  nz: number,
  weight: number,
  grad: Float32Array,
): number {
  if (!(weight > 0)) return 0;
  const c = weight / v.length;
  let sum = 0;
  const strides = [1, nx, nx * ny];
  const sizes = [nx, ny, nz];
  for (let a = 0; a < 3; a++) {
    const s = strides[a];
    if (sizes[a] < 2) continue;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++)
        for (let x = 0; x < nx; x++) {
          const at = [x, y, z][a];
          if (at + 1 >= sizes[a]) continue;
          const i = x + nx * (y + ny * z);
          const d = v[i + s] - v[i];
          sum += d * d;
          grad[i + s] += 2 * c * d;
          grad[i] -= 2 * c * d;
        }
  }
  return c * sum;
}

export interface StepResult {
  /** L1 data term (mean |A v − b| over the block's measured pixels) plus the smoothness term */
  loss: number;
}

/** Working arrays for blocks of one size, and the step itself. */
export class BlockTrainer {
  private points: Float32Array;
  private volume: Float32Array;
  private proj: Float32Array;
  private gproj: Float32Array;
  private gvol: Float32Array;
  private target: Float32Array;

  constructor(
    readonly projector: Projector,
    private readonly measured: Measured,
    private readonly smoothness: number,
  ) {
    const { nx, ny, nz } = projector.volumeDims;
    const n = nx * ny * nz;
    this.points = new Float32Array(3 * n);
    this.volume = new Float32Array(n);
    this.gvol = new Float32Array(n);
    const np = projector.detectorDims.nu * projector.detectorDims.nv * projector.nviews;
    this.proj = new Float32Array(np);
    this.gproj = new Float32Array(np);
    this.target = new Float32Array(np);
  }

  get rows(): number {
    return this.projector.volumeDims.ny;
  }

  async step(net: TrainableNet, block: GridSpan, lr: number, signal?: AbortSignal): Promise<StepResult> {
    const { nx, ny, nz } = this.projector.volumeDims;
    if (block.y1 - block.y0 !== ny)
      throw new WedgeLabError(
        'bad-argument',
        `block of ${block.y1 - block.y0} rows for a ${ny}-row projector`,
      );
    const pts = gridPoints(block, this.points);
    this.volume.set(await net.forward(pts));
    await this.projector.forward(this.volume, this.proj, undefined, { signal });
    const b = measuredRows(this.measured, block.y0, block.y1, this.target);
    const n = b.length;
    let l1 = 0;
    const inv = 1 / n;
    for (let i = 0; i < n; i++) {
      const r = this.proj[i] - b[i];
      l1 += Math.abs(r);
      this.gproj[i] = r > 0 ? inv : r < 0 ? -inv : 0;
    }
    await this.projector.back(this.gproj, this.gvol, undefined, { signal });
    const reg = smoothnessTerm(this.volume, nx, ny, nz, this.smoothness, this.gvol);
    const loss = l1 * inv + reg;
    if (!Number.isFinite(loss)) return { loss };
    await net.backward(this.gvol);
    net.adam(lr);
    return { loss };
  }
}

/** The network on a block's grid, in batches of at most `batch` points, into `out` (block order). */
export async function evaluateBlock(
  net: TrainableNet,
  block: GridSpan,
  batch: number,
  out: Float32Array,
): Promise<Float32Array> {
  const pts = gridPoints(block);
  const n = pts.length / 3;
  for (let i = 0; i < n; i += batch) {
    const m = Math.min(batch, n - i);
    out.set(await net.forward(pts.subarray(3 * i, 3 * (i + m))), i);
  }
  return out;
}
