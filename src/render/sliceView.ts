/**
 * One orthoslice view: a WebGL2 canvas (three's WebGLRenderer) showing a single-channel float texture in
 * grayscale through a window, with a crosshair at the other two slice positions. No React here.
 * Updating the image re-uploads the texture in place (same size) and never re-creates the renderer.
 */
import {
  BufferGeometry,
  DataTexture,
  Float32BufferAttribute,
  FloatType,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  NearestFilter,
  OrthographicCamera,
  PlaneGeometry,
  RedFormat,
  Scene,
  ShaderMaterial,
  WebGLRenderer,
} from 'three';

export interface SliceImage {
  /** texels along the view's horizontal axis */
  width: number;
  /** texels along the view's vertical axis (row 0 at the bottom) */
  height: number;
  /** width × height values, horizontal index fastest */
  data: Float32Array;
}

export interface GrayWindow {
  lo: number;
  hi: number;
}

export interface SliceViewOptions {
  /** crosshair colours: [vertical line, horizontal line] */
  lineColors: [number, number];
  /** a click or drag at texel (h, v) */
  onPick?: (h: number, v: number) => void;
}

const VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

const FRAGMENT = /* glsl */ `
precision highp float;
uniform sampler2D tex;
uniform float lo;
uniform float hi;
varying vec2 vUv;
void main() {
  float v = texture2D(tex, vUv).r;
  float g = clamp((v - lo) / max(hi - lo, 1e-20), 0.0, 1.0);
  if (v != v) g = 0.0;
  gl_FragColor = vec4(g, g, g, 1.0);
}`;

/** Margin around the image, as a fraction of the view. */
const MARGIN = 1.04;

/**
 * At most one view is drawn per animation frame. With a software compositor (headless Chromium, SwiftShader)
 * each changed WebGL canvas costs a synchronous read-back in the frame's commit (15–30 ms on a busy 2-core
 * machine); three in one frame make a main-thread task of 60–120 ms, one per frame stays under 50 ms.
 */
const queue = new Set<SliceView>();
let queued = 0;

function schedule(view: SliceView): void {
  queue.add(view);
  if (!queued) queued = requestAnimationFrame(drawNext);
}

function drawNext(): void {
  queued = 0;
  const next = queue.values().next();
  if (next.done) return;
  queue.delete(next.value);
  next.value.draw();
  if (queue.size > 0) queued = requestAnimationFrame(drawNext);
}

export class SliceView {
  readonly canvas: HTMLCanvasElement;
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(-1, 1, 1, -1, -10, 10);
  private readonly material: ShaderMaterial;
  private readonly plane: Mesh;
  private readonly lines: LineSegments[];
  private readonly resize: ResizeObserver | null;
  private texture: DataTexture | null = null;
  private size = { width: 1, height: 1 };
  private cross = { h: 0, v: 0 };
  private dragging = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly options: SliceViewOptions,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'slice-canvas';
    container.appendChild(this.canvas);
    this.renderer = new WebGLRenderer({ canvas: this.canvas, antialias: false, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(2, globalThis.devicePixelRatio || 1));
    this.renderer.setClearColor(0x0b0e12, 1);
    this.material = new ShaderMaterial({
      uniforms: { tex: { value: null }, lo: { value: 0 }, hi: { value: 1 } },
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
    });
    this.plane = new Mesh(new PlaneGeometry(1, 1), this.material);
    this.plane.visible = false;
    this.scene.add(this.plane);
    this.lines = options.lineColors.map((color) => {
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new Float32BufferAttribute(new Float32Array(6), 3));
      const line = new LineSegments(
        geometry,
        new LineBasicMaterial({ color, transparent: true, opacity: 0.8 }),
      );
      line.visible = false;
      line.position.z = 1;
      this.scene.add(line);
      return line;
    });
    this.canvas.addEventListener('pointerdown', this.onPointerDown);
    this.canvas.addEventListener('pointermove', this.onPointerMove);
    this.canvas.addEventListener('pointerup', this.onPointerUp);
    this.canvas.addEventListener('pointercancel', this.onPointerUp);
    this.resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.fit());
    this.resize?.observe(container);
    this.fit();
    this.warmUp();
  }

  /**
   * Compiles the shaders now, on an empty view, so that the first image of a job does not stall the main
   * thread (a program link is a synchronous round trip: ~150 ms with SwiftShader).
   */
  private warmUp(): void {
    const dummy = new DataTexture(new Float32Array(1), 1, 1, RedFormat, FloatType);
    dummy.needsUpdate = true;
    this.material.uniforms.tex.value = dummy;
    this.plane.visible = true;
    for (const line of this.lines) line.visible = true;
    this.renderer.compile(this.scene, this.camera);
    this.renderer.render(this.scene, this.camera);
    this.plane.visible = false;
    for (const line of this.lines) line.visible = false;
    this.renderer.render(this.scene, this.camera);
    this.material.uniforms.tex.value = null;
    dummy.dispose();
  }

  /** Shows `image` through `window`; same-size images update the existing texture in place. */
  setImage(image: SliceImage, window: GrayWindow): void {
    const { width, height, data } = image;
    if (this.texture && this.size.width === width && this.size.height === height) {
      this.texture.image.data = data;
      this.texture.needsUpdate = true;
    } else {
      this.texture?.dispose();
      this.texture = new DataTexture(data, width, height, RedFormat, FloatType);
      this.texture.magFilter = NearestFilter;
      this.texture.minFilter = NearestFilter;
      this.texture.generateMipmaps = false;
      this.texture.needsUpdate = true;
      this.material.uniforms.tex.value = this.texture;
      this.size = { width, height };
      this.plane.scale.set(width, height, 1);
      this.plane.visible = true;
      this.fitCamera();
    }
    this.material.uniforms.lo.value = window.lo;
    this.material.uniforms.hi.value = window.hi;
    this.placeLines();
    this.requestRender();
  }

  /** Shows nothing (no volume). */
  clear(): void {
    this.plane.visible = false;
    for (const line of this.lines) line.visible = false;
    this.requestRender();
  }

  /** Crosshair at texel (h, v): the positions of the other two slices in this view's axes. */
  setCrosshair(h: number, v: number): void {
    this.cross = { h, v };
    this.placeLines();
    this.requestRender();
  }

  /** Renders now (called by the frame scheduler). */
  draw(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    queue.delete(this);
    this.resize?.disconnect();
    this.canvas.removeEventListener('pointerdown', this.onPointerDown);
    this.canvas.removeEventListener('pointermove', this.onPointerMove);
    this.canvas.removeEventListener('pointerup', this.onPointerUp);
    this.canvas.removeEventListener('pointercancel', this.onPointerUp);
    this.texture?.dispose();
    this.material.dispose();
    this.plane.geometry.dispose();
    for (const line of this.lines) {
      line.geometry.dispose();
      (line.material as LineBasicMaterial).dispose();
    }
    this.renderer.dispose();
    this.renderer.forceContextLoss();
    this.canvas.remove();
  }

  private placeLines(): void {
    const { width: w, height: h } = this.size;
    const x = this.cross.h + 0.5 - w / 2;
    const y = this.cross.v + 0.5 - h / 2;
    const ends = [
      [x, -h / 2, 0, x, h / 2, 0],
      [-w / 2, y, 0, w / 2, y, 0],
    ];
    this.lines.forEach((line, i) => {
      const attr = line.geometry.getAttribute('position') as Float32BufferAttribute;
      (attr.array as Float32Array).set(ends[i]);
      attr.needsUpdate = true;
      line.geometry.computeBoundingSphere();
      line.visible = this.plane.visible;
    });
  }

  private fit(): void {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, false);
    this.fitCamera();
    this.requestRender();
  }

  private fitCamera(): void {
    const aspect = Math.max(1, this.container.clientWidth) / Math.max(1, this.container.clientHeight);
    const { width, height } = this.size;
    let halfW = (width / 2) * MARGIN;
    let halfH = (height / 2) * MARGIN;
    if (halfW / halfH > aspect) halfH = halfW / aspect;
    else halfW = halfH * aspect;
    Object.assign(this.camera, { left: -halfW, right: halfW, top: halfH, bottom: -halfH });
    this.camera.updateProjectionMatrix();
  }

  private requestRender(): void {
    schedule(this);
  }

  /** Texel under a pointer event, or null outside the image. */
  private texelAt(e: PointerEvent): [number, number] | null {
    if (!this.plane.visible) return null;
    const r = this.canvas.getBoundingClientRect();
    const fx = (e.clientX - r.left) / Math.max(1, r.width);
    const fy = (e.clientY - r.top) / Math.max(1, r.height);
    const worldX = this.camera.left + fx * (this.camera.right - this.camera.left);
    const worldY = this.camera.top - fy * (this.camera.top - this.camera.bottom);
    const h = Math.floor(worldX + this.size.width / 2);
    const v = Math.floor(worldY + this.size.height / 2);
    const clamp = (a: number, n: number) => Math.min(n - 1, Math.max(0, a));
    return [clamp(h, this.size.width), clamp(v, this.size.height)];
  }

  private readonly onPointerDown = (e: PointerEvent): void => {
    const t = this.texelAt(e);
    if (!t) return;
    this.dragging = true;
    this.canvas.setPointerCapture?.(e.pointerId);
    this.options.onPick?.(t[0], t[1]);
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (!this.dragging) return;
    const t = this.texelAt(e);
    if (t) this.options.onPick?.(t[0], t[1]);
  };

  private readonly onPointerUp = (e: PointerEvent): void => {
    this.dragging = false;
    if (this.canvas.hasPointerCapture?.(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
  };
}
