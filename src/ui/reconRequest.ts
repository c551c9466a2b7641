/**
 * The Reconstruct panel's parameters checked and turned into a job request. The same checks drive the
 * panel's inline messages (and disable its button), so a bad filter or exclusion list never reaches a job.
 */
import { oneLine } from '../core/errors.ts';
import { formatFilterSpec, parseFilterSpec } from '../core/filters/index.ts';
import type { GeometryImportOptions } from '../core/geometry/index.ts';
import type { ReconstructJobRequest, SeriesSource } from '../jobs/reconTypes.ts';
import type { ReconParams } from '../state/reconStore.ts';
import { parseViewList } from '../pipeline/series/viewList.ts';

export interface ReconProblems {
  filter?: string;
  exclude?: string;
}

/** Inline messages for the fields that can hold invalid text; empty when everything is usable. */
export function reconProblems(p: ReconParams, nviews: number | null): ReconProblems {
  const out: ReconProblems = {};
  if (p.method === 'wbp') {
    try {
      parseFilterSpec(p.filter);
    } catch (e) {
      out.filter = oneLine(e).replace(/; valid filters:.*$/, '');
    }
  }
  if (nviews !== null) {
    const r = parseViewList(p.exclude, nviews);
    if (!r.ok) out.exclude = r.message;
  }
  return out;
}

export function buildReconRequest(
  source: SeriesSource,
  p: ReconParams,
  importOptions: GeometryImportOptions,
): { ok: true; request: ReconstructJobRequest } | { ok: false; message: string } {
  const problems = reconProblems(p, source.anglesDeg.length);
  const first = problems.filter ?? problems.exclude;
  if (first) return { ok: false, message: first };
  const views = parseViewList(p.exclude, source.anglesDeg.length);
  const ordered = p.method === 'sirt' || p.method === 'sart';
  return {
    ok: true,
    request: {
      source,
      method: p.method,
      filter: p.method === 'wbp' ? formatFilterSpec(parseFilterSpec(p.filter)) : undefined,
      iterations: p.iterations,
      lambda: p.method === 'tv' ? p.lambda : p.relaxation,
      subsets: ordered && p.subsets > 0 ? p.subsets : undefined,
      positivity: p.method !== 'wbp' ? p.positivity : undefined,
      thickness: p.thickness,
      zOffset: p.zOffset,
      excludeViews: views.ok ? views.views : [],
      importOptions: { ...importOptions },
      bin: p.bin,
      device: p.device,
    },
  };
}
