// WedgeLab's version, from package.json: printed by --version and written into every MRC label.
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function version(): string {
  if (cached) return cached;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    cached = pkg.version ?? 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
