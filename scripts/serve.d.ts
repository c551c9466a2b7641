// Types for scripts/serve.js (plain JS so that `npm start` needs no TypeScript), for the e2e specs.
import type { Server } from 'node:http';

export function startServer(options?: {
  root?: string;
  port?: number;
  host?: string;
}): Promise<{ url: string; server: Server; close(): Promise<void> }>;
