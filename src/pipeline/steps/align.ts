// Step 2, align: the raw views in, per-view raw → aligned transforms out (IMOD .xf semantics), and the
// series' geometry replaced by the aligned one, so every reconstruction method (whole or slabs, page or CLI)
// uses the alignment without knowing it ran.
import { runAlignment, type AlignResult } from '../../align/index.ts';
import { WedgeLabError } from '../../core/errors.ts';
import type { TiltGeometry } from '../../core/geometry/index.ts';
import { formatTlt, formatXf } from '../../io/meta/index.ts';
import type { Recipe } from '../recipe/index.ts';
import type { Host } from '../run/host.ts';
import type { LoadedSeries } from './load.ts';
import { writeAlignedStack } from './alignedStack.ts';
import { readWholeStack, type Span } from './reconstructWhole.ts';

/** The geometry a reconstruction of the aligned series uses: each view's .xf, refined angle, its x-tilt. */
export function alignedSeriesGeometry(base: TiltGeometry, a: AlignResult): TiltGeometry {
  return {
    ...base,
    views: base.views.map((v, k) => ({
      angleDeg: v.angleDeg + a.tiltOffsetDeg,
      ...(v.xTiltDeg ? { xTiltDeg: v.xTiltDeg } : {}),
      xf: a.transforms[k],
    })),
  };
}

export async function alignStep(
  recipe: Recipe,
  s: LoadedSeries,
  data: Float32Array,
  host: Host,
  span: Span,
): Promise<AlignResult> {
  const a = recipe.align;
  if (recipe.input.xf) {
    throw new WedgeLabError(
      'bad-argument',
      `${recipe.input.xf} already aligns ${s.name}; drop --xf to align the raw views again, or drop --align to use it`,
    );
  }
  if (a.method === 'none') throw new WedgeLabError('bad-argument', 'align.method is none: nothing to align');
  const views = s.geometry.views;
  const modelName = recipe.input.alignModel;
  let cnnModel: Uint8Array | undefined;
  if (modelName) {
    const src = await host.openInput(modelName);
    cnnModel = await src.read(0, src.size);
  }
  const result = await runAlignment(
    {
      data,
      det: { nu: s.nu, nv: s.nv },
      anglesDeg: views.map((v) => v.angleDeg),
      axisRotationDeg: views[0]?.axisRotationDeg ?? 0,
      excludedViews: s.excluded,
      pixelSizeA: s.pixelSizeA || undefined,
    },
    {
      method: a.method,
      axisSearch: a.axisSearch,
      axisKnown: s.axisFrom !== 'default',
      binning: a.binning,
      cumulative: a.cumulative,
      iterations: a.iterations,
      cnnModel,
      wasmPaths: host.tfjsWasmPaths,
    },
    {
      signal: host.signal,
      onProgress: (f, detail) =>
        host.progress?.({ fraction: span.from + (span.to - span.from) * f, stage: `aligning: ${detail}` }),
    },
  );
  for (const w of result.warnings) host.warn(`align: ${w}`);
  return result;
}

/** Writes export.xf / export.tlt when the recipe names them; returns what was written. */
export async function writeAlignment(
  recipe: Recipe,
  s: LoadedSeries,
  a: AlignResult,
  host: Host,
): Promise<string[]> {
  const written: string[] = [];
  const put = async (name: string, text: string) => {
    const bytes = new TextEncoder().encode(text);
    const out = await host.createOutput(name, bytes.length);
    await out.write(bytes, 0);
    await out.finish();
    written.push(name);
  };
  if (recipe.export.xf) await put(recipe.export.xf, formatXf(a.transforms));
  const model = (a as { model?: unknown }).model;
  if (recipe.export.alignModel && model) {
    const { saveShiftModel } = await import('../../align/cnn/index.ts');
    const bytes = await saveShiftModel(model as Parameters<typeof saveShiftModel>[0]);
    const out = await host.createOutput(recipe.export.alignModel, bytes.length);
    await out.write(bytes, 0);
    await out.finish();
    written.push(recipe.export.alignModel);
  }
  if (recipe.export.tlt) {
    await put(recipe.export.tlt, formatTlt(s.geometry.views.map((v) => v.angleDeg + a.tiltOffsetDeg)));
  }
  return written;
}

/**
 * The whole align step as both entries run it (runRecipe before a reconstruction, runAlignRecipe alone):
 * read the raw stack (the first tenth of `span`), align, write export.xf/tlt/alignModel.
 */
export async function readAndAlign(
  recipe: Recipe,
  s: LoadedSeries,
  host: Host,
  span: Span,
): Promise<{ data: Float32Array; alignment: AlignResult; files: string[]; seconds: number }> {
  const t0 = performance.now();
  const mid = span.from + 0.1 * (span.to - span.from);
  const data = await readWholeStack(s, host, { from: span.from, to: mid });
  const alignment = await alignStep(recipe, s, data, host, { from: mid, to: span.to });
  const files = await writeAlignment(recipe, s, alignment, host);
  const ali = recipe.export.alignedStack;
  if (ali)
    files.push(await writeAlignedStack(ali, s, alignedSeriesGeometry(s.geometry, alignment), data, host));
  return { data, alignment, files, seconds: (performance.now() - t0) / 1000 };
}
