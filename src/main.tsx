import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { openDemo } from './ui/reconActions.ts';
import { restoreResults } from './ui/resultsActions.ts';
import './ui/app.css';

// the page opens on a demo tilt series, simulated in the recon worker
void openDemo({ firstStart: true });
// and lists the results earlier visits kept in browser storage
void restoreResults();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
