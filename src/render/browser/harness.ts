// Page side of orthoViews.browser.test.ts: shows a known asymmetric volume's slices with either renderer
// and reads back each view's image corners and crosshair, with orthoModel's geometry.
import { AXES, fitImage, type OrthoAxis, type OrthoSliceSet } from '../orthoModel.ts';
import { createOrthoViews, type OrthoRenderer } from '../orthoslices.ts';

/** nx 40 × ny 30 × nz 20, one bright corner per slice: xy (x high, y low), xz (x high, z high), yz (z low, y high). */
export function asymmetricSlices(): OrthoSliceSet {
  const [nx, ny, nz] = [40, 30, 20];
  const xy = new Float32Array(nx * ny);
  const xz = new Float32Array(nx * nz);
  const yz = new Float32Array(nz * ny);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) xy[x + nx * y] = x >= 30 && y < 8 ? 1 : 0;
  for (let z = 0; z < nz; z++) for (let x = 0; x < nx; x++) xz[x + nx * z] = x >= 30 && z >= 15 ? 1 : 0;
  for (let y = 0; y < ny; y++) for (let z = 0; z < nz; z++) yz[z + nz * y] = z < 5 && y >= 22 ? 1 : 0;
  return {
    dims: { nx, ny, nz },
    position: { x: 12, y: 14, z: 9 },
    xy: { width: nx, height: ny, data: xy },
    xz: { width: nx, height: nz, data: xz },
    yz: { width: nz, height: ny, data: yz },
  };
}

export interface ViewReadback {
  /** gray (red channel) at the image's four corner texels: bottom-left, bottom-right, top-left, top-right */
  corners: [number, number, number, number];
  /** the canvas pixel at the crosshair's centre column and row, just inside the image's bottom edge */
  verticalLine: [number, number, number];
  width: number;
}

function readView(axis: OrthoAxis, set: OrthoSliceSet): ViewReadback {
  const el = document.getElementById(axis) as HTMLElement;
  const c = el.querySelector('canvas') as HTMLCanvasElement;
  const img = set[axis];
  const frame = el.querySelector('.slice-frame') as HTMLElement | null;
  const box = { width: el.clientWidth, height: el.clientHeight };
  const rect = frame
    ? { left: frame.offsetLeft, top: frame.offsetTop, width: frame.offsetWidth, height: frame.offsetHeight }
    : fitImage(box, img)!;
  // the view as the user sees it (the 2D canvas scaled into its frame, or the WebGL canvas over the view)
  const out = document.createElement('canvas');
  out.width = box.width;
  out.height = box.height;
  const ctx = out.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  if (frame) ctx.drawImage(c, rect.left, rect.top, rect.width, rect.height);
  else ctx.drawImage(c, 0, 0, box.width, box.height);
  const px = (x: number, y: number) => Array.from(ctx.getImageData(Math.floor(x), Math.floor(y), 1, 1).data);
  const texel = (h: number, v: number) =>
    px(
      rect.left + ((h + 0.5) / img.width) * rect.width,
      rect.top + rect.height - ((v + 0.5) / img.height) * rect.height,
    )[0];
  const [w, h] = [img.width - 1, img.height - 1];
  const ch = axis === 'yz' ? set.position.z : set.position.x;
  const lineX = rect.left + Math.floor(((ch + 0.5) / img.width) * rect.width) + 0.5;
  const line = px(lineX, rect.top + rect.height - 1.5);
  return {
    corners: [texel(0, 0), texel(w, 0), texel(0, h), texel(w, h)],
    verticalLine: [line[0], line[1], line[2]],
    width: c.width,
  };
}

declare global {
  interface Window {
    showAsymmetric(renderer: 'auto' | '2d', failingWorker?: boolean): Promise<OrthoRenderer>;
    readViews(): Record<OrthoAxis, ViewReadback>;
  }
}

window.showAsymmetric = (renderer, failingWorker = false) =>
  new Promise((resolve) => {
    const set = asymmetricSlices();
    const containers = Object.fromEntries(AXES.map((a) => [a, document.getElementById(a)!])) as Record<
      OrthoAxis,
      HTMLElement
    >;
    const views = createOrthoViews(containers, {
      renderer,
      onRenderer: resolve,
      spawnWorker: failingWorker
        ? () => new Worker(URL.createObjectURL(new Blob(['throw new Error("no worker here")'])))
        : undefined,
    });
    views.show(set, { lo: 0, hi: 1 });
  });

window.readViews = () => {
  const set = asymmetricSlices();
  return Object.fromEntries(AXES.map((a) => [a, readView(a, set)])) as Record<OrthoAxis, ViewReadback>;
};
