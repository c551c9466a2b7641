import { useAppStore } from '../state/appStore.ts';
import { usePwaStore } from '../state/pwaStore.ts';
import { useReconStore } from '../state/reconStore.ts';
import { CompareView } from './CompareView.tsx';
import { FourierPanel } from './FourierPanel.tsx';
import { ComputeProgress } from './ComputeProgress.tsx';
import { DatasetInfo } from './DatasetInfo.tsx';
import { ImportOptions } from './ImportOptions.tsx';
import { DropOverlay, DropZone } from './DropZone.tsx';
import { ErrorBanner } from './ErrorBanner.tsx';
import { GpuStatus } from './GpuStatus.tsx';
import { JobBar } from './JobBar.tsx';
import { OrthoViews } from './OrthoViews.tsx';
import { ReconstructPanel } from './ReconstructPanel.tsx';
import { ResultPanel } from './ResultPanel.tsx';
import { SectionViewer } from './SectionViewer.tsx';
import { SimulatePanel } from './SimulatePanel.tsx';
import { StoredResults } from './StoredResults.tsx';
import { TeachButton } from './TeachButton.tsx';
import { TeachMode } from './TeachMode.tsx';
import { useTeachMode } from './teachModeStore.ts';
import { UpdatePrompt } from './UpdatePrompt.tsx';
import { openDemo } from './reconActions.ts';
import './recon.css';

/**
 * Layout: header with the file chooser, error banner; the tilt series on the left, the reconstruction's
 * orthoslices and results in the middle, dataset facts and the Simulate / Reconstruct panels on the right.
 */
export function App() {
  const ioMode = useAppStore((s) => s.ioMode);
  const reconMode = useReconStore((s) => s.reconMode);
  const offline = usePwaStore((s) => s.offline);
  const resultView = useReconStore((s) => s.resultView);
  const teaching = useTeachMode((s) => s.on);
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
          <TeachButton />
        </div>
      </header>
      <UpdatePrompt />
      <ErrorBanner />
      <JobBar />
      <StoredResults />
      {teaching ? (
        <TeachMode />
      ) : (
        <main className="workspace">
          <SectionViewer />
          <div className="recon-column">
            <ComputeProgress />
            <div className="view-stack">
              <OrthoViews />
              {resultView === 'compare' && <CompareView />}
              {resultView === 'fourier' && <FourierPanel />}
            </div>
            <ResultPanel />
          </div>
          <aside className="sidebar">
            <DatasetInfo />
            <ImportOptions />
            <ReconstructPanel />
            <SimulatePanel />
            <p className="hint">
              Drop an MRC stack anywhere on the page, together with its .tlt, .rawtlt or .mdoc for the angles.
            </p>
          </aside>
        </main>
      )}
      <footer className="app-footer num">
        <span data-testid="io-mode">io: {ioMode ?? 'starting…'}</span>
        <span data-testid="recon-mode">recon: {reconMode ?? 'starting…'}</span>
        <GpuStatus />
        <ThreadsStatus />
        <span
          data-testid="offline-status"
          title="whether this version is cached for use without a network (service worker)"
        >
          offline: {offline === 'pending' ? 'caching…' : offline}
        </span>
      </footer>
      <DropOverlay />
    </div>
  );
}

/** Whether the CPU threads share memory (cross-origin isolated) or work on copies: a quiet note, never a block. */
function ThreadsStatus() {
  const isolated = typeof crossOriginIsolated === 'boolean' && crossOriginIsolated;
  return (
    <span
      data-testid="threads-status"
      title={
        isolated
          ? 'cross-origin isolated: the CPU projector threads share memory'
          : 'not cross-origin isolated (the server sent no COOP/COEP and the service worker is not serving this page yet): the CPU threads work on copies, a little slower; reload once after the first visit'
      }
    >
      threads: {isolated ? 'shared memory' : 'copies'}
    </span>
  );
}
