import { describe, expect, it } from 'vitest';
import { autoContrast } from '../render/contrast.ts';
import { windowForClip } from '../render/contrastStats.ts';
import { createOrthoDataClient } from './orthoDataClient.ts';
import { createOrthoFeed, type OrthoFrame } from './orthoFeed.ts';
import { extractOrthoSlabs } from './orthoSlabs.ts';
import { volumeCache } from './volumeCache.ts';

/** In Node there are no Workers: the data client runs the same service on this thread. */
function feed() {
  const frames: (OrthoFrame | null)[] = [];
  const f = createOrthoFeed({ setPreviewPosition: async () => null }, createOrthoDataClient());
  f.subscribe((fr) => frames.push(fr));
  const next = async (test: (fr: OrthoFrame) => boolean): Promise<OrthoFrame> => {
    for (let i = 0; i < 200; i++) {
      const hit = frames.find((fr): fr is OrthoFrame => fr !== null && test(fr));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('no such frame');
  };
  return { f, frames, next };
}

describe('ortho feed', () => {
  const nx = 20;
  const ny = 16;
  const nz = 12;
  const data = Float32Array.from({ length: nx * ny * nz }, (_, i) => Math.sin(i * 0.7) + (i % 5));
  const volume = { nx, ny, nz, data, voxelSizeA: [1, 1, 1] as [number, number, number] };
  volumeCache.put(901, { volume, window: autoContrast(data) });

  it("shows thin slices at once, then the volume's contrast statistics", async () => {
    const { f, frames, next } = feed();
    f.showVolume(901);
    expect(frames[0]?.slabPx).toBe(1);
    const withStats = await next((fr) => fr.stats !== undefined);
    expect(withStats.statsOf).toBe('volume');
    expect(withStats.stats!.min).toBe(Math.min(...data));
    expect(windowForClip(withStats.stats!, '0.5-99.5')).toEqual(autoContrast(data));
  });

  it('thick slices come from the data service, and moving keeps the thickness', async () => {
    const { f, frames, next } = feed();
    f.showVolume(901);
    f.setSlab(5);
    const thick = await next((fr) => fr.slabPx === 5);
    expect(thick.slices.xy.data).toEqual(extractOrthoSlabs(volume, undefined, 5).xy.data);
    f.moveTo({ x: 3, y: 4, z: 2 });
    const moved = await next((fr) => fr.slabPx === 5 && fr.slices.position.z === 2);
    expect(moved.slices.yz.data).toEqual(extractOrthoSlabs(volume, { x: 3, y: 4, z: 2 }, 5).yz.data);
    f.setSlab(1);
    expect(frames.at(-1)?.slabPx).toBe(1);
  });
});
