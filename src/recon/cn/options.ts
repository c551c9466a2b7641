// The coordinate network's options, defaults, results and saved networks (the fit is in cn.ts).
import type { ReconHooks } from '../algorithms/hooks.ts';
import type { Projector } from '../projector.ts';
import type { SirenSpec } from './sirenSpec.ts';

export type CnMode = 'fast' | 'paper';

export interface CnOptions extends ReconHooks {
  mode?: CnMode;
  width?: number;
  depth?: number;
  omega0?: number;
  /** positional encoding frequencies (0: off, as WUCON with sines) */
  encoding?: number;
  /** steps of the first network (paper: the middle slab, 2001; fast: each slab) */
  iterations?: number;
  /** paper: steps of every warm-started slab (401) */
  neighbourIterations?: number;
  /** start learning rate (paper 1e-3; fast 1e-4) */
  learningRate?: number;
  /** WUCON's smoothness ("tv") weight, 0 for simulated data */
  tvWeight?: number;
  seed?: number;
  /** fast: rows per training block (default: enough for ~8k points) */
  batchRows?: number;
  /** fast: rows per network (default: the whole volume up to ~2M voxels) */
  slabRows?: number;
  /** clip the normalised output to [0, 1] as WUCON does (default true) */
  clip?: boolean;
  /** start every slab from these networks (one per slab of the plan, e.g. a saved fit) instead of random
   * ones, at a tenth of the learning rate */
  initialNetworks?: SavedNetwork[];
  /** called every `lossEvery` steps (default 10) with the step count so far and the latest loss */
  onLoss?: (step: number, loss: number) => void;
  lossEvery?: number;
  /** CPU threads the network's batches are split across (default 1) */
  threads?: number;
}

/** A trained network: what --save-network writes (one per slab). */
export interface SavedNetwork {
  spec: SirenSpec;
  /** rows [y0, y1) of the volume it covers, and its coordinates' span */
  y0: number;
  y1: number;
  params: Float32Array;
}

export interface CnResult {
  volume: Float32Array;
  /** loss per step, all networks in training order */
  lossCurve: number[];
  steps: number;
  networks: SavedNetwork[];
  /** the data scale s the network fitted b/s against */
  scale: number;
  /** set when a non-finite loss stopped the fit: one line; the volume and networks are the last good state */
  diverged?: string;
  seconds: number;
}

/** A projector for blocks of `rows` rows of the volume (same geometry, nx × rows × nz). */
export type BlockProjectorFactory = (rows: number) => Promise<Projector>;

export const CN_DEFAULTS = {
  paper: { width: 256, depth: 4, omega0: 30, iterations: 2001, neighbourIterations: 401, learningRate: 1e-3 },
  // measured on shepp 48×8×32, ±60°/2°: 128×3 at 1e-3 reached 28.4 dB in 2000 steps (69 s), 256×4 at
  // 1e-4 25.6 dB (339 s), SIRT 24.8. Steps: fastStepDefaults (these are its floor).
  fast: { width: 128, depth: 3, omega0: 30, iterations: 2000, neighbourIterations: 400, learningRate: 1e-3 },
} as const;
