import { useEffect, useRef, useState } from 'react';
import { autoContrast, type ContrastWindow } from '../render/contrast.ts';
import { drawSection } from '../render/section.ts';
import { useAppStore } from '../state/appStore.ts';
import { sections } from './controller.ts';

/** Largest side drawn; bigger stacks are binned on read. */
const MAX_DISPLAY_PX = 1024;

export interface ShownSection {
  k: number;
  bin: number;
  window: ContrastWindow;
}

/** Loads the current section through the section loader and draws it with auto-contrast. */
export function useSectionCanvas() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const ds = useAppStore((s) => s.dataset);
  const k = useAppStore((s) => s.section);
  const low = useAppStore((s) => s.clipLowPct);
  const high = useAppStore((s) => s.clipHighPct);
  const [shown, setShown] = useState<ShownSection | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!ds) return;
    const bin = Math.max(1, Math.ceil(Math.max(ds.nx, ds.ny) / MAX_DISPLAY_PX));
    let current = true;
    sections.request({ datasetId: ds.id, k, bin }, (result) => {
      if (!current || !canvas.current) return;
      if ('error' in result) {
        setLoadError(result.error instanceof Error ? result.error.message : String(result.error));
        return;
      }
      const window = autoContrast(result.section.data, low, high);
      drawSection(canvas.current, result.section, window);
      setLoadError(null);
      setShown({ k: result.section.k, bin: result.section.bin, window });
    });
    return () => {
      current = false;
    };
  }, [ds, k, low, high]);

  return { canvas, shown, loadError };
}
