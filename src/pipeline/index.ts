// src/pipeline: THE orchestration, host-independent (no node:*, no DOM, no comlink). Hosts: src/cli, src/jobs.
export * from './recipe/index.ts';
export { halfSetViews, leaveOut, type HalfSets } from './series/halfSets.ts';
export { parseViewList, type ViewListResult } from './series/viewList.ts';
export { nonFiniteViewError } from './series/stack.ts';
export { jobDims, METHOD_ARRAYS, slabJobBytes, wholeJobBytes, type JobSize } from './plan/memory.ts';
export { describePlan, fmtBytes, jobSizeOf, planJob, type Budget, type JobPlan } from './plan/plan.ts';
export { chooseDevice, type PipelineDevice } from './run/device.ts';
export type { Host, OutputFile, ScratchFile, StepProgress } from './run/host.ts';
export {
  expectedSeconds,
  prepareRun,
  runRecipe,
  type PreparedRun,
  type RunOptions,
  type RunResult,
} from './run/runRecipe.ts';
export type { SlabAt } from './steps/reconstructSlabs.ts';
export { maskGeometry, type HalfSetRun } from './steps/halfSet.ts';
export { encodeVolumeMrc, provenanceLabels, recipePathFor } from './steps/exportVolume.ts';
export { defaultThicknessPx, type LoadedSeries } from './steps/load.ts';
export { runAlignRecipe, type AlignRun } from './run/runAlign.ts';
export { runResampleRecipe } from './run/runResample.ts';
export { alignedSeriesGeometry } from './steps/align.ts';
export { cnExpectedSeconds, cnTotalSteps } from '../recon/cn/cn.ts';
export { upsampledFromFile } from './steps/cnNetworks.ts';
