/**
 * The files each open dataset came from (as chosen, dropped or simulated), keyed by the io dataset id: the
 * stack and the angle / .xf files chosen with it. The recon worker reads the same Blobs (passed by
 * reference, no copy), named in the recipe.
 */
export interface SeriesOrigin {
  file: Blob;
  name: string;
  /** the .tlt/.rawtlt (preferred, as the io worker reads angles) or .mdoc chosen with the stack */
  tilts?: File;
  xf?: File;
  /** opened with a non-conforming header read in file order (input.permissive) */
  permissive?: boolean;
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
