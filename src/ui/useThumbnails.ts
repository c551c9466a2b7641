import { useEffect, useState } from 'react';
import { createSectionLoader } from '../jobs/sectionLoader.ts';
import type { DatasetSummary, SectionData } from '../jobs/types.ts';
import { io } from './controller.ts';
import { loadOrder, thumbBin } from './filmstripModel.ts';

/**
 * A loader of its own on the io worker: the main viewer's loader serves only its latest request, so sharing
 * it would let thumbnails cancel the shown view's read (and the reverse). Its cache holds a few series' thumbs.
 */
const thumbLoader = createSectionLoader(io, 8 * 2 ** 20);

/** Thumbnails handed to React in batches: one render per BATCH reads, not one per view. */
const BATCH = 8;

/**
 * Every view of `ds` as a binned thumbnail (≤ 64 px), read one at a time in the io worker, the view shown
 * when the series opened first and then outward from it.
 */
export function useThumbnails(ds: DatasetSummary | null, startAt: number): Map<number, SectionData> {
  // keyed by the series: another series' thumbs are never shown, with no reset inside the effect
  const [thumbs, setThumbs] = useState<{ id: number; views: Map<number, SectionData> } | null>(null);
  useEffect(() => {
    if (!ds) return;
    let live = true;
    const bin = thumbBin(ds.nx, ds.ny);
    const order = loadOrder(ds.nz, startAt);
    let batch = new Map<number, SectionData>();
    const flush = (): void => {
      if (!live || batch.size === 0) return;
      const got = batch;
      batch = new Map();
      setThumbs((t) => ({ id: ds.id, views: new Map([...(t?.id === ds.id ? t.views : []), ...got]) }));
    };
    const next = (i: number): void => {
      if (!live) return;
      if (i >= order.length) return flush();
      thumbLoader.request({ datasetId: ds.id, k: order[i], bin }, (r) => {
        if (!live) return;
        if ('section' in r) batch.set(order[i], r.section);
        if (batch.size >= BATCH || i === 0) flush();
        next(i + 1);
      });
    };
    next(0);
    return () => {
      live = false;
      thumbLoader.forget(ds.id);
    };
    // a new series starts over; moving through the views does not
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ds]);
  return ds && thumbs?.id === ds.id ? thumbs.views : EMPTY;
}

const EMPTY = new Map<number, SectionData>();
