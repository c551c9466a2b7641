import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { SectionData } from '../jobs/types.ts';
import { autoContrast } from '../render/contrast.ts';
import { drawSection } from '../render/section.ts';
import { useAppStore } from '../state/appStore.ts';
import { viewAfterKey } from './filmstripModel.ts';
import { fmtSigned } from './format.ts';
import { useThumbnails } from './useThumbnails.ts';
import './filmstrip.css';

function Thumb({ section, low, high }: { section?: SectionData; low: number; high: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (section && canvas.current)
      drawSection(canvas.current, section, autoContrast(section.data, low, high));
  }, [section, low, high]);
  return <canvas ref={canvas} className={section ? 'thumb' : 'thumb loading'} aria-hidden="true" />;
}

/**
 * Every view of the tilt series as a small thumbnail with its number (from 1) and tilt angle; the shown
 * view is highlighted and kept in sight. Click or Enter shows a view; the arrows, Page Up/Down and
 * Home/End move through them.
 */
export function Filmstrip() {
  const ds = useAppStore((s) => s.dataset);
  const k = useAppStore((s) => s.section);
  const low = useAppStore((s) => s.clipLowPct);
  const high = useAppStore((s) => s.clipHighPct);
  const setSection = useAppStore((s) => s.setSection);
  const thumbs = useThumbnails(ds, k);
  const strip = useRef<HTMLDivElement>(null);

  // the shown view in sight, by scrolling the strip only (scrollIntoView could scroll the page too)
  useEffect(() => {
    const el = strip.current;
    const item = el?.querySelector<HTMLElement>(`[data-k="${k}"]`);
    if (!el || !item) return;
    const left = item.offsetLeft - el.offsetLeft;
    // out of sight: centred, so that its neighbours show on both sides
    if (left < el.scrollLeft || left + item.offsetWidth > el.scrollLeft + el.clientWidth)
      el.scrollLeft = left - (el.clientWidth - item.offsetWidth) / 2;
  }, [k, ds]);

  if (!ds || ds.nz < 2) return null;
  const angles = ds.tiltAnglesDeg;
  const choose = (i: number, focus: boolean) => {
    setSection(i);
    if (focus) strip.current?.querySelector<HTMLElement>(`[data-k="${i}"]`)?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = Number((e.target as HTMLElement).dataset.k ?? k);
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      choose(at, false);
      return;
    }
    const to = viewAfterKey(e.key, at, ds.nz);
    if (to === null) return;
    e.preventDefault();
    choose(to, true);
  };
  const name = angles ? 'view' : 'section';
  return (
    <div
      className="filmstrip"
      data-testid="filmstrip"
      ref={strip}
      role="listbox"
      aria-orientation="horizontal"
      aria-label={`${angles ? 'Tilt views' : 'Sections'} of ${ds.name}`}
      onKeyDown={onKey}
    >
      {Array.from({ length: ds.nz }, (_, i) => {
        const angle = angles?.[i];
        const label = angle === undefined ? `${i + 1}` : `${i + 1} · ${fmtSigned(angle)}°`;
        return (
          <div
            key={i}
            className="filmstrip-view"
            data-testid="filmstrip-view"
            data-k={i}
            role="option"
            aria-selected={i === k}
            aria-label={`${name} ${label}`}
            tabIndex={i === k ? 0 : -1}
            onClick={() => choose(i, true)}
          >
            <Thumb section={thumbs.get(i)} low={low} high={high} />
            <span className="num">{i + 1}</span>
            {angle !== undefined && <span className="num angle">{fmtSigned(angle)}°</span>}
          </div>
        );
      })}
    </div>
  );
}
