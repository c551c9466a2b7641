import { describe, expect, it } from 'vitest';
import { contrastStats, windowForClip } from './contrastStats.ts';
import { autoContrast } from './contrast.ts';
import { fitImage, texelAt } from './orthoModel.ts';
import { IDENTITY_VIEW, panBy, viewRect, wheelFactor, zoomAbout } from './viewTransform.ts';

const box = { width: 300, height: 200 };
const image = { width: 96, height: 48 };

describe('view transform', () => {
  it('is fitImage at identity', () => {
    expect(viewRect(box, image, IDENTITY_VIEW)).toEqual(fitImage(box, image));
  });

  it('zooms about the pointer: the texel under it stays under it', () => {
    const t = zoomAbout(box, IDENTITY_VIEW, 200, 80, 3);
    expect(t.zoom).toBe(3);
    const before = texelAt(viewRect(box, image, IDENTITY_VIEW)!, image, 200, 80);
    const after = texelAt(viewRect(box, image, t)!, image, 200, 80);
    expect(after).toEqual(before);
    const r = viewRect(box, image, t)!;
    expect(r.width).toBe(3 * 288);
  });

  it('pans, keeps the image centre in view, and zooming out all the way resets', () => {
    const t = panBy(box, zoomAbout(box, IDENTITY_VIEW, 150, 100, 2), 30, -10);
    expect([t.panX, t.panY]).toEqual([30, -10]);
    expect(panBy(box, t, 1e4, 1e4)).toEqual({ zoom: 2, panX: 150, panY: 100 });
    expect(zoomAbout(box, t, 10, 10, 0.1)).toEqual(IDENTITY_VIEW);
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
  });

  it("the default clip is autoContrast's window", () => {
    const values = Float32Array.from({ length: 200_000 }, (_, i) => Math.sin(i) * (i % 13));
    expect(windowForClip(contrastStats(values), '0.5-99.5')).toEqual(autoContrast(values));
    const s = contrastStats(values);
    expect(windowForClip(s, '0-100')).toEqual({ lo: s.min, hi: s.max });
  });
});
