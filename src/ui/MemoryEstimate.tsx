import { planPageRecipe } from '../jobs/pagePlan.ts';
import { seriesSources } from '../jobs/seriesSources.ts';
import { browserBudgetBytes } from '../jobs/tabBudget.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { buildRecipe } from './reconRequest.ts';

/**
 * The memory plan of the next reconstruction, before it starts: in memory (≈ peak), in Y-slabs written to
 * browser storage ("slab mode: 7 slabs of 148 rows, peak ≈ 0.8 GB, output 1.3 GB to browser storage"),
 * or why it cannot run in this tab.
 */
export function MemoryEstimate() {
  const ds = useAppStore((s) => s.dataset);
  const p = useReconStore((s) => s.recon);
  const importOptions = useReconStore((s) => s.importOptions);
  if (!ds?.tiltAnglesDeg || ds.tiltAnglesDeg.length !== ds.nz) return null;
  const budget = browserBudgetBytes();
  let text: string;
  let cls = 'muted';
  try {
    const series = { nu: ds.nx, nv: ds.ny, nviews: ds.nz, anglesDeg: ds.tiltAnglesDeg };
    const origin = seriesSources.get(ds.id) ?? { file: new Blob(), name: ds.name };
    const built = buildRecipe(origin, p, importOptions, ds.nz);
    if (!built.ok) return null; // the field shows its own message
    const plan = planPageRecipe(series, built.recipe, budget);
    if (plan.mode !== 'refused') text = plan.summary;
    else {
      text = plan.message;
      cls = 'problem';
    }
  } catch (e) {
    text = e instanceof Error ? e.message : String(e);
    cls = 'problem';
  }
  return (
    <p className={`memory-estimate ${cls}`} data-testid="memory-estimate">
      {text}
    </p>
  );
}
