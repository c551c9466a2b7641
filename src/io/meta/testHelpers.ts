// Test-only helpers for src/io/meta (imported by *.test.ts only).
import { readFileSync } from 'node:fs';
import { WedgeLabError } from '../../core/errors.ts';
import { sharedPath } from '../../testing/sharedData.ts';

export const readSharedText = (rel: string): string => readFileSync(sharedPath(rel), 'utf8');

/** The WedgeLabError `f` throws; fails the test when it throws nothing or something else. */
export function thrown(f: () => unknown): WedgeLabError {
  try {
    f();
  } catch (e) {
    if (e instanceof WedgeLabError) return e;
    throw e;
  }
  throw new Error('expected a WedgeLabError');
}
