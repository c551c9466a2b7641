import type { OrthoFrame } from '../jobs/orthoFeed.ts';
import { windowForClip } from '../render/contrastStats.ts';

/** The display window a frame is drawn through for a Contrast choice (its stats once known, else its own). */
export const frameWindow = (f: OrthoFrame, clip: string) =>
  f.stats ? windowForClip(f.stats, clip) : f.window;
