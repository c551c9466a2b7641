/**
 * The Fourier view: the log power spectrum of a central section of a volume's 3D spectrum (XZ by default,
 * XY or YZ on request), with the missing wedge's edges drawn from the actual tilt list and tilt-axis angle,
 * and optionally one line per measured view. Self-contained: give it a volume and its tilts. The sums run a
 * few planes per main-thread task and the FFT in the Fourier worker (src/jobs/fourierClient.ts).
 */
import { useEffect, useRef, useState } from 'react';
import type { SectionPlane } from '../core/fft/centralSections.ts';
import { oneLine } from '../core/errors.ts';
import type { Volume } from '../core/types.ts';
import { centralSectionSpectrum, summedSpectrum } from '../jobs/fourierClient.ts';
import type { SpectrumImage } from '../jobs/fourierService.ts';
import { axisLabels, drawFourier } from '../render/fourierDraw.ts';
import { wedgeEdgesDeg, wedgeNote } from '../render/fourierGeometry.ts';
import './fourier.css';

export interface FourierViewProps {
  /** null while only `xzSum` is known (teaching mode, before the whole volume) */
  volume: Volume | null;
  /** the volume summed along y, when known before the volume: the XZ section without the volume */
  xzSum?: { width: number; height: number; data: ArrayLike<number> };
  /** the views actually used, degrees */
  tiltAnglesDeg: readonly number[];
  /** in-plane rotation of the tilt axis from Y, degrees, counter-clockwise (0 for an aligned volume) */
  tiltAxisAngleDeg?: number;
  title?: string;
  initialPlane?: SectionPlane;
  /** canvas backing size, px */
  sizePx?: number;
  /** what to say while there is nothing to show yet (default: the whole volume follows) */
  waiting?: string;
}

const PLANES: readonly [SectionPlane, string, string][] = [
  ['xz', 'XZ', 'k_y = 0'],
  ['xy', 'XY', 'k_z = 0'],
  ['yz', 'YZ', 'k_x = 0'],
];
const SUMMED: Record<SectionPlane, string> = { xz: 'y', xy: 'z', yz: 'x' };

export function FourierView({
  volume,
  xzSum,
  tiltAnglesDeg,
  tiltAxisAngleDeg = 0,
  title,
  initialPlane = 'xz',
  sizePx = 256,
  waiting,
}: FourierViewProps) {
  const [plane, setPlane] = useState<SectionPlane>(initialPlane);
  const [showSections, setShowSections] = useState(false);
  const [computed, setSpectrum] = useState<{ plane: SectionPlane; image: SpectrumImage } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const draws = useRef(0);
  const tiltsKey = tiltAnglesDeg.join(',');

  // the XZ section from the sum when given (so the volume's arrival does not redo it), else from the volume
  const source = plane === 'xz' && xzSum ? xzSum : volume;
  // nothing to show for a plane whose source is not there yet (not the last plane's picture)
  const spectrum = source ? computed : null;
  useEffect(() => {
    let stale = false;
    if (!source) return;
    const image =
      'nx' in source
        ? centralSectionSpectrum(source, plane, () => stale)
        : summedSpectrum(source.data, source.width, source.height);
    image.then(
      (img) => {
        if (stale || !img) return;
        setSpectrum({ plane, image: img });
        setError(null);
      },
      (e: unknown) => !stale && setError(oneLine(e)),
    );
    return () => {
      stale = true;
    };
  }, [source, plane]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const root = rootRef.current;
    if (!canvas || !root) return;
    if (!spectrum) {
      canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
      return;
    }
    const tilts = tiltsKey ? tiltsKey.split(',').map(Number) : [];
    const drawn = drawFourier(canvas, spectrum.image, {
      plane: spectrum.plane,
      tiltsDeg: tilts,
      tiltAxisAngleDeg,
      showSections,
      sizePx,
    });
    draws.current++;
    // for tests and the benchmark: what was drawn, and when
    root.dataset.edgesDeg = drawn.edgeAnglesDeg.join(',');
    root.dataset.sectionLines = String(drawn.sectionLines);
    root.dataset.shownPlane = spectrum.plane;
    root.dataset.draws = String(draws.current);
    root.dataset.drawnAt = String(performance.now());
  }, [spectrum, tiltsKey, tiltAxisAngleDeg, showSections, sizePx]);

  const [h, v] = axisLabels(plane);
  const [lo, hi] = tiltAnglesDeg.length ? wedgeEdgesDeg(tiltAnglesDeg) : [0, 0];
  return (
    <figure className="fourier-view" data-testid="fourier-view" data-plane={plane} ref={rootRef}>
      <figcaption className="fourier-head">
        <span className="fourier-title">{title ?? 'Fourier view'}</span>
        <span className="fourier-planes" role="group" aria-label="Central section">
          {PLANES.map(([p, label, hint]) => (
            <button
              key={p}
              type="button"
              aria-pressed={plane === p}
              title={`the ${label} central section (${hint})`}
              data-testid={`fourier-plane-${p}`}
              onClick={() => setPlane(p)}
            >
              {label}
            </button>
          ))}
        </span>
        <label className="fourier-toggle" title="one line per measured view (its central section)">
          <input
            type="checkbox"
            checked={showSections}
            data-testid="fourier-sections"
            onChange={(e) => setShowSections(e.currentTarget.checked)}
          />
          views
        </label>
      </figcaption>
      <div className="fourier-canvas-wrap">
        <canvas
          ref={canvasRef}
          className="fourier-canvas"
          width={sizePx}
          height={sizePx}
          data-testid="fourier-canvas"
          role="img"
          aria-label={`log power spectrum, ${plane.toUpperCase()} central section`}
        />
        {!source && (
          <p className="fourier-waiting muted" role="status" data-testid="fourier-waiting">
            {waiting ?? `The ${plane.toUpperCase()} section needs the whole volume: it follows in a moment.`}
          </p>
        )}
        <span className="fourier-axis fourier-axis-h">{h} →</span>
        <span className="fourier-axis fourier-axis-v">{v} ↑</span>
      </div>
      {error && (
        <p className="field-error" role="status">
          Fourier view: {error}
        </p>
      )}
      <p className="fourier-caption muted">
        log power of the {plane.toUpperCase()} central section of the 3D spectrum (
        {PLANES.find((p) => p[0] === plane)![2]}): the 2D FFT of the volume summed along {SUMMED[plane]}{' '}
        (projection-slice theorem), ±½ cycle/px on both axes.{' '}
        {plane !== 'xy' && tiltAnglesDeg.length > 0 && (
          <>
            <span className="fourier-edge-key">magenta</span>: the largest tilts, {lo}° and {hi}°;{' '}
          </>
        )}
        {tiltAnglesDeg.length > 0 && wedgeNote(plane, tiltAnglesDeg)}
      </p>
    </figure>
  );
}
