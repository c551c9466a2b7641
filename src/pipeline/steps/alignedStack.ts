// The aligned stack (IMOD newstack -xf → .ali): every view resampled into the aligned frame through its
// transform, as the reconstruction's prealign pass does (recon/algorithms/slabGeometry.ts alignView), written
// as an MRC image stack with the stack's pixel size, view by view, so only one view's bytes exist besides it.
import { createMrcWriter } from '../../io/mrc/index.ts';
import type { TiltGeometry } from '../../core/geometry/index.ts';
import { alignView } from '../../recon/algorithms/slabGeometry.ts';
import { Yielder } from '../../recon/algorithms/hooks.ts';
import type { Host } from '../run/host.ts';
import type { LoadedSeries } from './load.ts';

/** Writes the aligned stack to `path`; `geometry` carries the transforms (raw → aligned) of every view. */
export async function writeAlignedStack(
  path: string,
  s: LoadedSeries,
  geometry: TiltGeometry,
  data: Float32Array,
  host: Host,
): Promise<string> {
  const det = { nu: s.nu, nv: s.nv };
  const px = s.pixelSizeA;
  const writer = createMrcWriter({
    mode: 2,
    program: `wedgelab ${host.version} aligned stack`,
    date: null,
    labels: ['views resampled into the aligned frame (raw → aligned transforms)'],
    imageStack: true,
    nx: s.nu,
    ny: s.nv,
    nz: s.nviews,
    voxelSizeA: [px, px, px],
  });
  const out = await host.createOutput(path, writer.fileBytes);
  const plane = s.nu * s.nv;
  const view = new Float32Array(plane);
  const yielder = new Yielder(host.signal);
  try {
    for (const [k, g] of geometry.views.entries()) {
      await yielder.tick();
      alignView(data.subarray(k * plane, (k + 1) * plane), det, g, view);
      const b = writer.encodeSections(k, k + 1, view);
      await out.write(b.bytes, b.position);
    }
    await out.write(writer.header(), 0);
    await out.finish();
  } catch (e) {
    await out.abort();
    throw e;
  }
  return path;
}
