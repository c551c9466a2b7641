/**
 * The three orthoslice views as plain 2D canvases: each slice is drawn once per change at one canvas pixel
 * per voxel (grayscale through the window, render/section.ts) and scaled by the compositor (pixelated, like
 * the nearest-neighbour texture before); the crosshairs are two positioned lines over the image. No React
 * here. Same interface as render/orthoslices.ts (OrthoViews), same orientation (y up as 3dmod shows it):
 *   xy: x → right, y → up (at z)    xz: x → right, z → up (at y)    yz: z → right, y → up (at x)
 *
 * Why not WebGL (render/sliceView.ts, one three.js renderer per view): where Chromium composites in software
 * (headless, SwiftShader), every changed WebGL canvas is read back from the GPU process synchronously in the
 * main thread's frame commit (LayerTreeHost::DoUpdateLayers → GLES2::ReadPixels → CommandBufferHelper::Finish),
 * which waits for SwiftShader to run that canvas's draws: ~30 ms for the first image of each view and 3–15 ms
 * after, more while a job's threads keep both cores busy. The first previews of a job made main-thread
 * tasks of 50–70 ms. A 2D canvas has no GPU round trip on the main thread, and converting a few slices of
 * a few hundred texels a side costs about a millisecond.
 */
import type {
  GrayWindow,
  OrthoAxis,
  OrthoSliceSet,
  OrthoViews,
  OrthoViewsOptions,
  SliceImage,
  VoxelPosition,
} from '../render/orthoslices.ts';
import { toGrayRgba } from '../render/section.ts';

/** Margin around the image, as a fraction of the view. */
const MARGIN = 1.04;

/** The slices whose positions a view's crosshair lines mark: [vertical line, horizontal line]. */
const LINES: Record<OrthoAxis, [OrthoAxis, OrthoAxis]> = {
  xy: ['yz', 'xz'],
  xz: ['yz', 'xy'],
  yz: ['xy', 'xz'],
};

class CanvasView {
  private readonly frame: HTMLDivElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly lines: [HTMLDivElement, HTMLDivElement];
  private image: SliceImage | null = null;
  private window: GrayWindow = { lo: 0, hi: 1 };
  private dirty = false;
  private shown = false;
  private cross = { h: 0, v: 0 };
  /** the container's content box, from the resize observer (never read from layout while drawing) */
  private box = { width: 0, height: 0 };
  /** where the image sits in the view, in CSS pixels */
  private rect = { left: 0, top: 0, width: 0, height: 0 };
  private dragging = false;

  constructor(
    private readonly container: HTMLElement,
    axis: OrthoAxis,
    private readonly onPick: (h: number, v: number) => void,
  ) {
    this.frame = document.createElement('div');
    this.frame.className = 'slice-frame';
    // hidden by visibility, not display: showing the first image then needs no new layout objects
    this.frame.style.visibility = 'hidden';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'slice-canvas';
    this.canvas.width = 1;
    this.canvas.height = 1;
    // the first getContext sets up the canvas (a synchronous GPU-channel IPC): at startup, not in a job
    this.context();
    const line = (cls: string, slice: OrthoAxis): HTMLDivElement => {
      const el = document.createElement('div');
      el.className = `cross-line ${cls} ${slice}`;
      return el;
    };
    this.lines = [line('vertical', LINES[axis][0]), line('horizontal', LINES[axis][1])];
    this.frame.append(this.canvas, ...this.lines);
    container.appendChild(this.frame);
    container.addEventListener('pointerdown', this.onPointerDown);
    container.addEventListener('pointermove', this.onPointerMove);
    container.addEventListener('pointerup', this.onPointerUp);
    container.addEventListener('pointercancel', this.onPointerUp);
  }

  setImage(image: SliceImage, window: GrayWindow): void {
    this.image = image;
    this.window = window;
    this.dirty = true;
  }

  setCrosshair(h: number, v: number): void {
    this.cross = { h, v };
  }

  clear(): void {
    this.image = null;
    this.dirty = true;
  }

  resized(width: number, height: number): void {
    this.box = { width, height };
    this.place();
  }

  /** Applies what changed since the last frame (called once per animation frame at most). */
  draw(): void {
    const image = this.image;
    if (this.dirty) {
      this.dirty = false;
      if (image) {
        const { width, height, data } = image;
        if (this.canvas.width !== width) this.canvas.width = width;
        if (this.canvas.height !== height) this.canvas.height = height;
        const rgba = toGrayRgba({ nx: width, ny: height, data }, this.window);
        this.context()?.putImageData(new ImageData(rgba, width, height), 0, 0);
      }
      if (this.shown !== (image !== null)) {
        this.shown = image !== null;
        this.frame.style.visibility = this.shown ? '' : 'hidden';
      }
      this.place();
    }
    this.placeLines();
  }

  /**
   * willReadFrequently keeps the canvas in memory (not GPU-backed): its frames then reach the compositor
   * without a synchronous IPC to the GPU process (Canvas2DResourceProvider::ProduceCanvasResource →
   * GpuChannelHost::VerifyFlush, 2–13 ms each under load with SwiftShader), and a slice this small costs
   * nothing to draw in software.
   */
  private context(): CanvasRenderingContext2D | null {
    return this.canvas.getContext('2d', { willReadFrequently: true });
  }

  dispose(): void {
    this.container.removeEventListener('pointerdown', this.onPointerDown);
    this.container.removeEventListener('pointermove', this.onPointerMove);
    this.container.removeEventListener('pointerup', this.onPointerUp);
    this.container.removeEventListener('pointercancel', this.onPointerUp);
    this.frame.remove();
  }

  /** Centres the image in the view, as large as fits with the margin, on whole pixels. */
  private place(): void {
    const w = this.image?.width ?? 1;
    const h = this.image?.height ?? 1;
    const scale = Math.min(this.box.width / (w * MARGIN), this.box.height / (h * MARGIN));
    if (!(scale > 0)) return;
    const width = Math.round(w * scale);
    const height = Math.round(h * scale);
    const rect = {
      left: Math.round((this.box.width - width) / 2),
      top: Math.round((this.box.height - height) / 2),
      width,
      height,
    };
    const r = this.rect;
    if (r.left === rect.left && r.top === rect.top && r.width === width && r.height === height) return;
    this.rect = rect;
    for (const [k, v] of Object.entries(rect)) this.frame.style.setProperty(k, `${v}px`);
    this.placeLines();
  }

  /** Crosshair lines one pixel wide through the texel centres (styles written only when changed). */
  private placeLines(): void {
    const image = this.image;
    if (!image) return;
    const x = Math.floor(((this.cross.h + 0.5) / image.width) * this.rect.width);
    const y = Math.floor(((this.cross.v + 0.5) / image.height) * this.rect.height);
    const [vertical, horizontal] = this.lines;
    if (vertical.style.left !== `${x}px`) vertical.style.left = `${x}px`;
    if (horizontal.style.bottom !== `${y}px`) horizontal.style.bottom = `${y}px`;
  }

  /** Texel under a pointer event (clamped to the image), or null when no image is shown. */
  private texelAt(e: PointerEvent): [number, number] | null {
    const image = this.image;
    if (!image) return null;
    const r = this.frame.getBoundingClientRect();
    const fx = (e.clientX - r.left) / Math.max(1, r.width);
    const fy = (r.bottom - e.clientY) / Math.max(1, r.height);
    const clamp = (a: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(a * n)));
    return [clamp(fx, image.width), clamp(fy, image.height)];
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    const t = this.texelAt(e);
    if (!t) return;
    this.dragging = true;
    this.container.setPointerCapture?.(e.pointerId);
    this.onPick(t[0], t[1]);
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (!this.dragging) return;
    const t = this.texelAt(e);
    if (t) this.onPick(t[0], t[1]);
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    this.dragging = false;
    if (this.container.hasPointerCapture?.(e.pointerId)) this.container.releasePointerCapture(e.pointerId);
  };
}

/**
 * Three views in their containers. Changes (new slices, crosshair moves) are applied together in the next
 * animation frame, so previews that arrive faster than frames are drawn once.
 */
export function createOrthoCanvases(
  containers: Record<OrthoAxis, HTMLElement>,
  options: OrthoViewsOptions = {},
): OrthoViews {
  let position: VoxelPosition = { x: 0, y: 0, z: 0 };
  let dims = { nx: 1, ny: 1, nz: 1 };
  let frame = 0;
  const clamp = (p: VoxelPosition): VoxelPosition => ({
    x: Math.min(dims.nx - 1, Math.max(0, p.x)),
    y: Math.min(dims.ny - 1, Math.max(0, p.y)),
    z: Math.min(dims.nz - 1, Math.max(0, p.z)),
  });
  const pick = (next: (h: number, v: number) => VoxelPosition) => (h: number, v: number) => {
    const p = clamp(next(h, v));
    if (p.x === position.x && p.y === position.y && p.z === position.z) return;
    setPosition(p);
    options.onPositionChange?.(p);
  };
  const views: Record<OrthoAxis, CanvasView> = {
    xy: new CanvasView(
      containers.xy,
      'xy',
      pick((h, v) => ({ ...position, x: h, y: v })),
    ),
    xz: new CanvasView(
      containers.xz,
      'xz',
      pick((h, v) => ({ ...position, x: h, z: v })),
    ),
    yz: new CanvasView(
      containers.yz,
      'yz',
      pick((h, v) => ({ ...position, z: h, y: v })),
    ),
  };
  const owner = new Map<Element, CanvasView>(
    (Object.keys(views) as OrthoAxis[]).map((a) => [containers[a], views[a]]),
  );
  const resize =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver((entries) => {
          for (const e of entries) owner.get(e.target)?.resized(e.contentRect.width, e.contentRect.height);
        });
  for (const c of owner.keys()) resize?.observe(c);

  const drawAll = (): void => {
    frame = 0;
    for (const v of Object.values(views)) v.draw();
  };
  const request = (): void => {
    if (!frame) frame = requestAnimationFrame(drawAll);
  };

  function setPosition(p: VoxelPosition): void {
    position = clamp(p);
    views.xy.setCrosshair(position.x, position.y);
    views.xz.setCrosshair(position.x, position.z);
    views.yz.setCrosshair(position.z, position.y);
    request();
  }

  return {
    show(set: OrthoSliceSet, window: GrayWindow) {
      dims = set.dims;
      views.xy.setImage(set.xy, window);
      views.xz.setImage(set.xz, window);
      views.yz.setImage(set.yz, window);
      setPosition(set.position);
    },
    setPosition,
    clear() {
      for (const v of Object.values(views)) v.clear();
      request();
    },
    dispose() {
      if (frame) cancelAnimationFrame(frame);
      resize?.disconnect();
      for (const v of Object.values(views)) v.dispose();
    },
  };
}
