/**
 * Where each open dataset's stack came from (the File as chosen, dropped or simulated), keyed by the io
 * dataset id: the recon worker reads the same Blob (passed by reference, no copy). A series the worker
 * simulated also has its worker cache key, so reconstructing it needs no re-parse.
 */
export interface SeriesOrigin {
  file: Blob;
  name: string;
  seriesKey?: string;
}

const origins = new Map<number, SeriesOrigin>();

export const seriesSources = {
  set(datasetId: number, origin: SeriesOrigin): void {
    origins.set(datasetId, origin);
  },
  get(datasetId: number): SeriesOrigin | undefined {
    return origins.get(datasetId);
  },
  delete(datasetId: number): void {
    origins.delete(datasetId);
  },
};
