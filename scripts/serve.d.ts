// Types for scripts/serve.js (plain JS so that `npm start` needs no TypeScript), for the e2e specs.
import type { Server } from 'node:http';

export function startServer(options?: {
  root?: string;
  port?: number;
  host?: string;
  /** false: no COOP/COEP, as a static host that cannot set headers */
  isolation?: boolean;
}): Promise<{ url: string; server: Server; close(): Promise<void> }>;
