/**
 * A volume made elsewhere (IMOD's tilt, AreTomo, ChimeraX, or a WedgeLab export read back) joins the Results
 * list: it is kept as it came, can be compared with ours, exported again unchanged, and, when it has the
 * size of the open simulation's truth, scored with the same metrics.
 */
import { oneLine } from '../core/errors.ts';
import type { Volume } from '../core/types.ts';
import { blobSource, maybeDecompress, openMrc, readVolume } from '../io/mrc/index.ts';
import type { MetricsJobResult } from '../jobs/reconTypes.ts';
import { newResultKey, type KeptRecord } from '../jobs/resultShelf.ts';
import { autoContrast } from '../render/contrast.ts';
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { fail, onProgress, recon, track } from './reconJobs.ts';
import { importedParams } from './resultLabel.ts';
import { keepImported } from './resultsActions.ts';

export async function importVolumeResult(file: File, opts: { permissive?: boolean } = {}): Promise<void> {
  const permissive = opts.permissive === true;
  try {
    const source = await maybeDecompress(blobSource(file, file.name));
    const mrc = await openMrc(source, { permissive });
    if (mrc.header.nz < 2) {
      throw new Error(`${file.name} holds one ${mrc.header.nx}×${mrc.header.ny} image, not a volume`);
    }
    const volume = await readVolume(mrc);
    const bytes = await source.read(0, source.size);
    const { nx, ny, nz } = volume;
    const metrics = await scoreImported(volume);
    const record: KeptRecord = {
      key: newResultKey(),
      createdAt: Date.now(),
      dataset: file.name,
      method: 'imported',
      params: importedParams(mrc.header.labels) + (permissive ? ' · read permissively' : ''),
      seconds: 0,
      dims: { nx, ny, nz },
      window: autoContrast(volume.data),
      bytes: 0,
      metrics: metrics.result,
      recipe: null,
      summary: {},
      imported: { note: metrics.note, ...(permissive ? { permissive: true } : {}) },
    };
    await keepImported(record, bytes, { volume, window: record.window });
  } catch (e) {
    const hint = 'Choose a reconstructed volume as MRC (modes 0, 1, 2, 6 or 12; .mrc, .rec, .map).';
    // a header only a non-conforming writer makes (GENFIRE's): offer to read it as that writer meant
    if (!permissive && /permissive option/.test(oneLine(e))) {
      useAppStore.getState().showError({
        title: `Could not import ${file.name}`,
        message: oneLine(e),
        hint: 'A non-conforming writer (e.g. GENFIRE) may have filled only nx, ny, nz and mode: import it permissively to read it in file order, and check it.',
        action: {
          label: 'Import permissively',
          run: () => void importVolumeResult(file, { permissive: true }),
        },
      });
      return;
    }
    fail(`Could not import ${file.name}`, e, hint);
  }
}

/** Scored against the open simulation's truth when the sizes agree; else why not. */
async function scoreImported(volume: Volume): Promise<{ result: MetricsJobResult | null; note: string }> {
  const { simulation, importOptions } = useReconStore.getState();
  if (!simulation || simulation.datasetId !== useAppStore.getState().dataset?.id) {
    return { result: null, note: 'no simulation open: not scored' };
  }
  const t = simulation.truthDims;
  if (t.nx !== volume.nx || t.ny !== volume.ny || t.nz !== volume.nz) {
    // IMOD's tilt writes the thickness as y unless asked not to
    const swapped = t.nx === volume.nx && t.ny === volume.nz && t.nz === volume.ny;
    return {
      result: null,
      note:
        `not scored: ${volume.nx}×${volume.ny}×${volume.nz}, the truth is ${t.nx}×${t.ny}×${t.nz}` +
        (swapped ? ' (y and z swapped, as IMOD tilt writes them: trimvol -rx IN.rec OUT.rec)' : ''),
    };
  }
  const job = recon.metrics(
    { rec: volume, truth: { id: simulation.truthId }, tiltsDeg: simulation.anglesDeg, importOptions },
    onProgress(() => job.id),
  );
  try {
    return { result: await track(job, 'metrics'), note: 'scored against the simulated truth' };
  } catch (e) {
    return { result: null, note: `not scored: ${oneLine(e)}` };
  }
}
