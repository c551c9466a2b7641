import { useEffect, useState } from 'react';

/**
 * False on the first render, true from a later task (once `after` is true): a view that mounts several
 * heavy parts (plots, a movie) renders its frame first and each part in a task of its own, so no one
 * main-thread task holds them all.
 */
export function useNextTask(after = true): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!after) return;
    const timer = setTimeout(() => setReady(true), 0);
    return () => clearTimeout(timer);
  }, [after]);
  return ready;
}
