/**
 * Import options of the open dataset (docs/geometry.md): invert the tilt angles, or the tilt axis turned
 * by 180°. Either one turns a mirror-image (wrong-handed) tomogram right. They apply to the next
 * reconstruction and to the directional-FSC mask, and reset when another dataset opens.
 */
import { useAppStore } from '../state/appStore.ts';
import { useReconStore } from '../state/reconStore.ts';

export function ImportOptions() {
  const ds = useAppStore((s) => s.dataset);
  const opts = useReconStore((s) => s.importOptions);
  const set = useReconStore((s) => s.setImportOptions);
  if (!ds) return null;
  return (
    <section className="panel import-options" aria-label="Import options" data-testid="import-options">
      <div className="toggles">
        <label title="negate every tilt angle (and x-axis tilt)">
          <input
            type="checkbox"
            checked={opts.invertAngles === true}
            data-testid="invert-angles"
            onChange={(e) => set({ invertAngles: e.currentTarget.checked })}
          />
          Invert angles
        </label>
        <label title="add 180° to the tilt-axis rotation (e.g. 85° reported where −95° is right)">
          <input
            type="checkbox"
            checked={opts.axisRotated180 === true}
            data-testid="axis-rotated-180"
            onChange={(e) => set({ axisRotated180: e.currentTarget.checked })}
          />
          Axis rotated by 180°
        </label>
      </div>
      <p className="hint">
        {opts.invertAngles && opts.axisRotated180 ? (
          'Both together give the right hand but turn the tomogram 180° about z: use one.'
        ) : (
          <>
            Use one if the tomogram is a mirror image (chiral features wrong-handed; see{' '}
            <a href="./docs/geometry.md" target="_blank" rel="noreferrer" data-testid="geometry-doc">
              the geometry conventions
            </a>
            ). Applies to the next reconstruction.
          </>
        )}
      </p>
    </section>
  );
}
