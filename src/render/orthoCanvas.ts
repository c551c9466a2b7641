/**
 * The fallback orthoslice views (render/orthoslices.ts uses them where three.js cannot render in a worker),
 * as plain 2D canvases on the main thread: each slice is drawn once per change at one canvas pixel per voxel
 * (grayscale through the window, render/section.ts) and scaled by the compositor (pixelated, like the
 * nearest-neighbour texture of the WebGL views); the crosshairs are two positioned lines over the image.
 * Zoom and pan move the frame (CSS only; render/viewTransform.ts); input from render/viewInput.ts.
 * No React here. Orientation and geometry from render/orthoModel.ts.
 *
 * Why not WebGL on the main thread: where Chromium composites in software (headless, SwiftShader), every
 * changed WebGL canvas is read back from the GPU process synchronously in the main thread's frame commit
 * (LayerTreeHost::DoUpdateLayers → GLES2::ReadPixels → CommandBufferHelper::Finish), ~30 ms for the first
 * image of each view. A 2D canvas has no GPU round trip on the main thread, and converting a few slices of a
 * few hundred texels a side costs about a millisecond.
 */
import { colormapLut, type ColormapName } from './colormap.ts';
import {
  AXES,
  CROSS_LINES,
  clampPosition,
  crosshairOf,
  crosshairOffsets,
  positionAtTexel,
  texelAt,
  type GrayWindow,
  type OrthoAxis,
  type OrthoSliceSet,
  type OrthoViews,
  type OrthoViewsOptions,
  type Rect,
  type SliceImage,
  type ViewTransform,
  type VoxelPosition,
} from './orthoModel.ts';
import { toRgba } from './section.ts';
import { attachViewInput } from './viewInput.ts';
import { IDENTITY_VIEW, panBy, viewRect, wheelFactor, zoomAbout } from './viewTransform.ts';

interface CanvasViewHooks {
  /** texel (h, v) was clicked */
  pick(h: number, v: number): void;
  /** the view was zoomed or panned: draw in the next frame */
  viewChanged(view: ViewTransform): void;
}

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
  private rect: Rect = { left: 0, top: 0, width: 0, height: 0 };
  private view: ViewTransform = IDENTITY_VIEW;
  private lut = colormapLut('grey');
  private readonly detach: () => void;

  constructor(
    private readonly container: HTMLElement,
    axis: OrthoAxis,
    private readonly hooks: CanvasViewHooks,
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
    this.lines = [line('vertical', CROSS_LINES[axis][0]), line('horizontal', CROSS_LINES[axis][1])];
    this.frame.append(this.canvas, ...this.lines);
    container.appendChild(this.frame);
    this.detach = attachViewInput(container, {
      pick: (x, y) => {
        if (this.image) this.hooks.pick(...texelAt(this.rect, this.image, x, y));
      },
      pan: (dx, dy) => this.setView(panBy(this.box, this.view, dx, dy)),
      zoom: (x, y, deltaY) => this.setView(zoomAbout(this.box, this.view, x, y, wheelFactor(deltaY))),
      reset: () => this.setView(IDENTITY_VIEW),
    });
  }

  setView(view: ViewTransform): void {
    if (!this.image) return;
    this.view = view;
    this.hooks.viewChanged(view);
  }

  zoom(factor: number): void {
    const { width, height } = this.box;
    this.setView(zoomAbout(this.box, this.view, width / 2, height / 2, factor));
  }

  setColormap(lut: Uint8Array<ArrayBuffer>): void {
    if (lut === this.lut) return;
    this.lut = lut;
    this.dirty = true;
  }

  setImage(image: SliceImage, window: GrayWindow): void {
    // a volume of another size starts whole again; same-size images (previews, new slices) keep the zoom
    if (this.image && (this.image.width !== image.width || this.image.height !== image.height)) {
      this.view = IDENTITY_VIEW;
      this.hooks.viewChanged(IDENTITY_VIEW);
    }
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
        const rgba = toRgba({ nx: width, ny: height, data }, this.window, this.lut);
        this.context()?.putImageData(new ImageData(rgba, width, height), 0, 0);
      }
      if (this.shown !== (image !== null)) {
        this.shown = image !== null;
        this.frame.style.visibility = this.shown ? '' : 'hidden';
      }
    }
    this.place();
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
    this.detach();
    this.frame.remove();
  }

  /** Puts the image where the view's zoom and pan say (viewTransform viewRect; centred and fitted at first). */
  private place(): void {
    const rect = viewRect(this.box, this.image ?? { width: 1, height: 1 }, this.view);
    if (!rect) return;
    const r = this.rect;
    if (r.left === rect.left && r.top === rect.top && r.width === rect.width && r.height === rect.height)
      return;
    this.rect = rect;
    for (const [k, v] of Object.entries(rect)) this.frame.style.setProperty(k, `${v}px`);
    this.placeLines();
  }

  /** Crosshair lines one pixel wide through the texel centres (styles written only when changed). */
  private placeLines(): void {
    const image = this.image;
    if (!image) return;
    const [x, y] = crosshairOffsets(this.rect, image, this.cross.h, this.cross.v);
    const [vertical, horizontal] = this.lines;
    if (vertical.style.left !== `${x}px`) vertical.style.left = `${x}px`;
    if (horizontal.style.bottom !== `${y}px`) horizontal.style.bottom = `${y}px`;
  }
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
  const hooks = (axis: OrthoAxis): CanvasViewHooks => ({
    pick(h, v) {
      const p = clampPosition(dims, positionAtTexel(axis, position, h, v));
      if (p.x === position.x && p.y === position.y && p.z === position.z) return;
      setPosition(p);
      options.onPositionChange?.(p);
    },
    viewChanged(view) {
      request();
      options.onViewChange?.(axis, view);
    },
  });
  const views: Record<OrthoAxis, CanvasView> = {
    xy: new CanvasView(containers.xy, 'xy', hooks('xy')),
    xz: new CanvasView(containers.xz, 'xz', hooks('xz')),
    yz: new CanvasView(containers.yz, 'yz', hooks('yz')),
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
    position = clampPosition(dims, p);
    for (const axis of Object.keys(views) as OrthoAxis[])
      views[axis].setCrosshair(...crosshairOf(axis, position));
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
    setColormap(name: ColormapName) {
      for (const v of Object.values(views)) v.setColormap(colormapLut(name));
      request();
    },
    resetView(axis?: OrthoAxis) {
      for (const a of axis ? [axis] : AXES) views[a].setView(IDENTITY_VIEW);
    },
    zoomView(axis: OrthoAxis, factor: number) {
      views[axis].zoom(factor);
    },
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
