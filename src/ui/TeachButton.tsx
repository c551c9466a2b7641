import { useTeachMode } from './teachModeStore.ts';

/** The header's switch between the workspace and teaching mode. */
export function TeachButton() {
  const on = useTeachMode((s) => s.on);
  const toggle = useTeachMode((s) => s.toggle);
  return (
    <button
      type="button"
      aria-pressed={on}
      data-testid="teach-toggle"
      title="teaching mode: the tilt range live, with the missing wedge in Fourier space"
      onClick={toggle}
    >
      {on ? 'Back to workspace' : 'Teach'}
    </button>
  );
}
