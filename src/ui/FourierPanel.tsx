import { useEffect, useState } from 'react';
import type { Volume } from '../core/types.ts';
import { blobSource, openMrc, readVolume } from '../io/mrc/index.ts';
import { volumeCache } from '../jobs/volumeCache.ts';
import { parseViewList } from '../pipeline/index.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { FourierView } from './FourierView.tsx';
import { recon } from './reconJobs.ts';

/**
 * The Fourier tab, over the orthoslice area: the shown result's central-section power spectrum with the wedge
 * drawn from the views it was reconstructed from, beside the simulated truth's when the series was simulated,
 * so "the wedge is filled" (or not) can be seen for any method.
 */
export function FourierPanel() {
  const r = useReconStore((s) => s.result);
  const simulation = useReconStore((s) => s.simulation);
  const ds = useAppStore((s) => s.dataset);
  const [fetched, setFetched] = useState<{ id: number; volume: Volume } | null>(null);
  const truthId = simulation && r && simulation.datasetId === r.datasetId ? simulation.truthId : null;

  useEffect(() => {
    let current = true;
    if (truthId === null || !r) return;
    // the truth stays in the worker: fetch a copy as MRC bytes (a few MB at the page's sizes)
    void recon
      .volumeMrc(truthId, r.recipe, 'simulate (truth)')
      .then(async (bytes) =>
        readVolume(await openMrc(blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'truth.mrc'))),
      )
      .then((v) => current && setFetched({ id: truthId, volume: v }))
      .catch(() => {}); // no truth kept any more: the result alone
    return () => {
      current = false;
    };
  }, [truthId, r]);

  const truth = fetched && fetched.id === truthId ? fetched.volume : null;
  const volume = r && r.volumeId >= 0 ? volumeCache.get(r.volumeId)?.volume : undefined;
  if (!r || !volume) {
    return (
      <section className="fourier-panel" data-testid="fourier-panel" aria-label="Fourier view">
        <p className="muted empty-tab">
          {r?.slab
            ? 'A slab-mode result is not held in this tab: no Fourier view.'
            : 'Reconstruct to see its Fourier view.'}
        </p>
      </section>
    );
  }
  const angles = simulation?.datasetId === r.datasetId ? simulation.anglesDeg : (ds?.tiltAnglesDeg ?? []);
  const excluded = parseViewList(r.recipe.reconstruct.excludeViews, angles.length);
  const skip = new Set(excluded.ok ? excluded.views : []);
  const sign = r.importOptions.invertAngles ? -1 : 1;
  const used = angles.filter((_, i) => !skip.has(i)).map((a) => sign * a);
  return (
    <section className="fourier-panel" data-testid="fourier-panel" aria-label="Fourier view">
      <FourierView
        volume={volume}
        tiltAnglesDeg={used}
        title={`${r.method.toUpperCase()} · ${ds?.name ?? ''}`}
      />
      {truth && <FourierView volume={truth} tiltAnglesDeg={used} title="simulated truth" />}
    </section>
  );
}
