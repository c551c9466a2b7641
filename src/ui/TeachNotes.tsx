import type { FscCurves } from '../jobs/reconTypes.ts';
import { elongationFactor } from './elongation.ts';
import { FscPlot } from './FscPlot.tsx';

/** The three short explanations beside the pictures, with the current range's numbers. */
export function TeachNotes({ rangeDeg, fsc }: { rangeDeg: number; fsc: FscCurves | null }) {
  const e = elongationFactor(rangeDeg);
  return (
    <div className="teach-notes" data-testid="teach-notes">
      <section>
        <h3>What the missing wedge is</h3>
        <p>
          Each view of a tilt series is one central plane of the object&apos;s 3D spectrum (the
          projection-slice theorem). The stage and the thickness of the specimen stop the tilt near ±60–70°,
          so the planes beyond the largest tilt are never measured: in the XZ section they leave a wedge
          around k<sub>z</sub>, empty in the Fourier view and bounded by the magenta lines. The series on the
          left shows the same gap: its middle row, one line per view with the angle upwards, hatched where no
          view was taken.
        </p>
      </section>
      <section>
        <h3>Why objects stretch along z</h3>
        <p>
          The missing directions are the ones that carry detail along the beam (z). Without them every point
          spreads into an X-shaped smear, longer in z: about{' '}
          <strong className="num" data-testid="teach-elongation">
            {e.toFixed(2)}×
          </strong>{' '}
          at ±{rangeDeg}° (Radermacher&apos;s factor; 1 at ±90°). Spheres turn into rugby balls and flat
          membranes seen edge-on fade out.
        </p>
      </section>
      <section>
        <h3>What the FSC split shows</h3>
        <p>
          The Fourier shell correlation compares the reconstruction with the truth ring by ring in Fourier
          space. Split by region, <em>measured</em> counts the points some view recorded and <em>missing</em>{' '}
          the wedge. Back-projection only fills what was measured, so the missing-wedge number stays low and
          rises only as the range widens; a method that really fills the wedge raises it at a fixed range.
        </p>
        {fsc && <FscPlot fsc={fsc} width={230} height={110} testId="teach-fsc-plot" />}
      </section>
    </div>
  );
}
