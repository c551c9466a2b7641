/**
 * One orthoslice view drawn with three.js into an OffscreenCanvas, in the render worker (no DOM, no React):
 * a single-channel float texture through a window and a 256-entry colormap texture (render/colormap.ts, the
 * 2D fallback's table), placed where viewTransform's viewRect puts it (orthoModel's fitImage, zoomed, panned),
 * with a crosshair at the other two slice positions. The camera works in the view's CSS pixels (y up), so
 * the image and the lines land on the same pixels as the main thread's pointer mapping assumes.
 * A same-size image updates the texture in place; the renderer is never re-created.
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
  RGBAFormat,
  Scene,
  ShaderMaterial,
  UnsignedByteType,
  WebGLRenderer,
} from 'three';
import { colormapLut } from './colormap.ts';
import {
  crosshairOffsets,
  VIEW_BACKGROUND,
  type GrayWindow,
  type Rect,
  type SliceImage,
  type Size,
  type ViewTransform,
} from './orthoModel.ts';
import { IDENTITY_VIEW, viewRect } from './viewTransform.ts';

const VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

const FRAGMENT = /* glsl */ `
precision highp float;
uniform sampler2D tex;
uniform sampler2D lut;
uniform float lo;
uniform float hi;
varying vec2 vUv;
void main() {
  float v = texture2D(tex, vUv).r;
  float g = clamp((v - lo) / max(hi - lo, 1e-20), 0.0, 1.0);
  if (v != v) g = 0.0;
  // the level the 2D fallback rounds to (render/section.ts toRgba), then that entry's centre in the table
  float level = floor(g * 255.0 + 0.5);
  gl_FragColor = vec4(texture2D(lut, vec2((level + 0.5) / 256.0, 0.5)).rgb, 1.0);
}`;

/** Throws when the canvas has no WebGL2 context (the caller falls back to the 2D views). */
export function createRenderer(canvas: OffscreenCanvas): WebGLRenderer {
  const context = canvas.getContext('webgl2', {
    alpha: false,
    antialias: false,
    depth: false,
    preserveDrawingBuffer: true,
  });
  if (!context) throw new Error('no WebGL2 context on an OffscreenCanvas in this worker');
  const renderer = new WebGLRenderer({ canvas, context });
  renderer.setClearColor(VIEW_BACKGROUND, 1);
  return renderer;
}

export class SliceView {
  private readonly scene = new Scene();
  private readonly camera = new OrthographicCamera(0, 1, 1, 0, -10, 10);
  private readonly material: ShaderMaterial;
  private readonly plane: Mesh;
  private readonly lines: LineSegments[];
  private texture: DataTexture | null = null;
  private image: Size | null = null;
  private box: Size = { width: 1, height: 1 };
  private cross = { h: 0, v: 0 };
  private view: ViewTransform = IDENTITY_VIEW;
  private readonly lut: DataTexture;

  constructor(
    private readonly renderer: WebGLRenderer,
    lineColors: [number, number],
  ) {
    this.lut = new DataTexture(new Uint8Array(256 * 4), 256, 1, RGBAFormat, UnsignedByteType);
    this.lut.magFilter = NearestFilter;
    this.lut.minFilter = NearestFilter;
    this.lut.generateMipmaps = false;
    this.setColormap(colormapLut('grey'));
    this.material = new ShaderMaterial({
      uniforms: { tex: { value: null }, lut: { value: this.lut }, lo: { value: 0 }, hi: { value: 1 } },
      vertexShader: VERTEX,
      fragmentShader: FRAGMENT,
      depthTest: false,
    });
    this.plane = new Mesh(new PlaneGeometry(1, 1), this.material);
    this.plane.visible = false;
    this.scene.add(this.plane);
    this.lines = lineColors.map((color) => {
      const geometry = new BufferGeometry();
      geometry.setAttribute('position', new Float32BufferAttribute(new Float32Array(6), 3));
      const line = new LineSegments(
        geometry,
        new LineBasicMaterial({ color, transparent: true, opacity: 0.8 }),
      );
      line.visible = false;
      line.position.z = 1;
      line.renderOrder = 1;
      this.scene.add(line);
      return line;
    });
    this.warmUp();
  }

  /** Compiles the shaders now, on an empty view, so that the first image of a job is not held up by a link. */
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

  /** The view's size in CSS pixels and the device pixel ratio (from the main thread's ResizeObserver). */
  resize(box: Size, pixelRatio: number): void {
    this.box = { width: Math.max(1, box.width), height: Math.max(1, box.height) };
    this.renderer.setPixelRatio(pixelRatio);
    this.renderer.setSize(this.box.width, this.box.height, false);
    Object.assign(this.camera, { left: 0, right: this.box.width, top: this.box.height, bottom: 0 });
    this.camera.updateProjectionMatrix();
    this.place();
  }

  /** The 256 RGBA entries the window's levels map to. */
  setColormap(lut: Uint8Array): void {
    (this.lut.image.data as Uint8Array).set(lut);
    this.lut.needsUpdate = true;
  }

  /** Zoom and pan (the main thread maps pointer events with the same transform). */
  setView(view: ViewTransform): void {
    this.view = view;
    this.place();
  }

  /** Shows `image` through `window`; same-size images update the existing texture in place. */
  setImage(image: SliceImage, window: GrayWindow): void {
    const { width, height, data } = image;
    if (this.texture && this.image?.width === width && this.image.height === height) {
      this.texture.image.data = data;
      this.texture.needsUpdate = true;
    } else {
      if (this.image) this.view = IDENTITY_VIEW; // another volume's size starts whole, as on the main thread
      this.texture?.dispose();
      this.texture = new DataTexture(data, width, height, RedFormat, FloatType);
      this.texture.magFilter = NearestFilter;
      this.texture.minFilter = NearestFilter;
      this.texture.generateMipmaps = false;
      this.texture.needsUpdate = true;
      this.material.uniforms.tex.value = this.texture;
      this.image = { width, height };
    }
    this.material.uniforms.lo.value = window.lo;
    this.material.uniforms.hi.value = window.hi;
    this.plane.visible = true;
    this.place();
  }

  /** Shows nothing (no volume). */
  clear(): void {
    this.plane.visible = false;
    for (const line of this.lines) line.visible = false;
  }

  /** Crosshair at texel (h, v): the positions of the other two slices in this view's axes. */
  setCrosshair(h: number, v: number): void {
    this.cross = { h, v };
    this.place();
  }

  draw(): void {
    this.renderer.render(this.scene, this.camera);
  }

  dispose(): void {
    this.texture?.dispose();
    this.lut.dispose();
    this.material.dispose();
    this.plane.geometry.dispose();
    for (const line of this.lines) {
      line.geometry.dispose();
      (line.material as LineBasicMaterial).dispose();
    }
    this.renderer.dispose();
  }

  /** Puts the plane on viewRect's rectangle and the lines through the crosshair's texel centres. */
  private place(): void {
    const rect = this.image && viewRect(this.box, this.image, this.view);
    if (!this.image || !rect || !this.plane.visible) return;
    const y0 = this.box.height - rect.top - rect.height;
    this.plane.scale.set(rect.width, rect.height, 1);
    this.plane.position.set(rect.left + rect.width / 2, y0 + rect.height / 2, 0);
    this.placeLines(rect, y0);
  }

  private placeLines(rect: Rect, y0: number): void {
    if (!this.image) return;
    const [dx, dy] = crosshairOffsets(rect, this.image, this.cross.h, this.cross.v);
    const x = rect.left + dx + 0.5;
    const y = y0 + dy + 0.5;
    const ends = [
      [x, y0, 0, x, y0 + rect.height, 0],
      [rect.left, y, 0, rect.left + rect.width, y, 0],
    ];
    this.lines.forEach((line, i) => {
      const attr = line.geometry.getAttribute('position') as Float32BufferAttribute;
      (attr.array as Float32Array).set(ends[i]);
      attr.needsUpdate = true;
      line.geometry.computeBoundingSphere();
      line.visible = true;
    });
  }
}
