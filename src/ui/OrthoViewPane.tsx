import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import type { OrthoAxis } from '../render/orthoModel.ts';

const KEYS = 'ArrowUp ArrowDown PageUp PageDown Home End 0 + - F';
const HELP =
  'click: move the slices · drag: pan · wheel: zoom · double-click or 0: reset\n' +
  'when focused: ↑ ↓ one slice, Page Up/Down ten, Home/End the ends, + − zoom, F full screen';

/**
 * One orthoslice view's container: the renderer draws into it, Tab focuses it (its label names the plane and
 * the slice), and its corner button puts it in full screen (the whole container, so the label stays).
 */
export function OrthoViewPane({
  axis,
  paneRef,
  label,
  ariaLabel,
  fullscreen,
  onKeyDown,
  onFullscreen,
}: {
  axis: OrthoAxis;
  paneRef: RefObject<HTMLDivElement | null>;
  label: ReactNode;
  ariaLabel: string;
  fullscreen: boolean;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  onFullscreen: () => void;
}) {
  const name = axis.toUpperCase();
  return (
    <div
      className="ortho-view"
      data-testid={`view-${axis}`}
      ref={paneRef}
      tabIndex={0}
      role="group"
      aria-label={ariaLabel}
      aria-keyshortcuts={KEYS}
      title={HELP}
      onKeyDown={onKeyDown}
    >
      <span className={`view-label ${axis}`}>{label}</span>
      <button
        type="button"
        className="view-fullscreen"
        data-testid={`fullscreen-${axis}`}
        aria-label={fullscreen ? `Leave full screen (${name} view)` : `Full screen ${name} view`}
        title={fullscreen ? 'leave full screen (Esc)' : 'full screen (F)'}
        onClick={onFullscreen}
      >
        {fullscreen ? '⤡' : '⤢'}
      </button>
    </div>
  );
}
