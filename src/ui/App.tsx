import { useAppStore } from '../state/appStore.ts';
import { DatasetInfo } from './DatasetInfo.tsx';
import { DropOverlay, DropZone } from './DropZone.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { JobBar } from './JobBar.tsx';
import { SectionViewer } from './SectionViewer.tsx';
import { openDemo } from './controller.ts';

/** Layout: header with the file chooser, error banner, viewer on the left, dataset facts on the right. */
export function App() {
  const ioMode = useAppStore((s) => s.ioMode);
  return (
    <div className="app">
      <header className="app-header">
        <h1>
          Wedge<span>Lab</span>
        </h1>
        <p className="tagline">
          cryo-ET tilt series and tomograms, in the browser; nothing leaves this machine
        </p>
        <div className="header-actions">
          <button type="button" onClick={() => void openDemo()}>
            Demo
          </button>
          <DropZone />
        </div>
      </header>
      <ErrorBanner />
      <JobBar />
      <main className="workspace">
        <SectionViewer />
        <aside className="sidebar">
          <DatasetInfo />
          <p className="hint">
            Drop an MRC stack anywhere on the page, together with its .tlt, .rawtlt or .mdoc for the angles.
          </p>
        </aside>
      </main>
      <footer className="app-footer num" data-testid="io-mode">
        io: {ioMode ?? 'starting…'}
      </footer>
      <DropOverlay />
    </div>
  );
}
