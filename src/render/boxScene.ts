/**
 * The 3D box view drawn with three.js into an OffscreenCanvas, in the box worker (no DOM, no React): the
 * volume's bounding box as a wireframe, x/y/z axes from its origin corner with labels, an arrow for the beam
 * (along −z, down the column), and the three current orthoslices as textured planes at their positions,
 * through the same window and 256-entry colormap as the 2D views, each outlined in its slice colour.
 * Geometry: render/boxModel.ts. Same-size slices update their textures in place.
 */
import {
  ArrowHelper,
  BoxGeometry,
  BufferGeometry,
  CanvasTexture,
  DataTexture,
  DoubleSide,
  EdgesGeometry,
  Float32BufferAttribute,
  FloatType,
  Group,
  LineBasicMaterial,
  LineLoop,
  LineSegments,
  Mesh,
  NearestFilter,
  PerspectiveCamera,
  PlaneGeometry,
  RedFormat,
  RGBAFormat,
  Scene,
  ShaderMaterial,
  Sprite,
  SpriteMaterial,
  UnsignedByteType,
  Vector3,
  WebGLRenderer,
  type Material,
} from 'three';
import { boxHalfSize, cameraPosition, DEFAULT_ORBIT, planePlacement, type Orbit } from './boxModel.ts';
import {
  AXES,
  SLICE_COLORS,
  VIEW_BACKGROUND,
  type GrayWindow,
  type OrthoAxis,
  type OrthoSliceSet,
  type Size,
  type SliceImage,
  type VolumeDims,
  type VoxelPosition,
} from './orthoModel.ts';

const VERTEX = /* glsl */ `
varying vec2 vUv;
void main() {
  vUv = uv;
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}`;

// the 2D views' mapping (render/sliceView.ts): window → level 0..255 → colormap entry
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
  float level = floor(g * 255.0 + 0.5);
  gl_FragColor = vec4(texture2D(lut, vec2((level + 0.5) / 256.0, 0.5)).rgb, 1.0);
}`;

const AXIS_COLORS = { x: 0xe06a5a, y: 0x6ac46a, z: 0x6a9ae8 } as const;
const BOX_COLOR = 0x8a96a8;
const BEAM_COLOR = 0xf0e0a0;

/** Throws when the canvas has no WebGL2 context (the page then shows why instead of the view). */
export function createBoxRenderer(canvas: OffscreenCanvas): WebGLRenderer {
  const context = canvas.getContext('webgl2', {
    alpha: false,
    antialias: false,
    depth: true,
    preserveDrawingBuffer: true,
  });
  if (!context) throw new Error('no WebGL2 context on an OffscreenCanvas in this worker');
  const renderer = new WebGLRenderer({ canvas, context });
  renderer.setClearColor(VIEW_BACKGROUND, 1);
  return renderer;
}

/** A text label that always faces the camera (drawn once on a small 2D canvas). */
function label(text: string, color: number, heightWorld: number): Sprite {
  const px = 48;
  const canvas = new OffscreenCanvas(Math.round(px * Math.max(1, text.length * 0.7)), px);
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.font = `600 ${Math.round(px * 0.8)}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    // a dark outline keeps a label legible where it lies over a slice
    ctx.lineWidth = 8;
    ctx.lineJoin = 'round';
    ctx.strokeStyle = `#${VIEW_BACKGROUND.toString(16).padStart(6, '0')}`;
    ctx.strokeText(text, canvas.width / 2, px / 2);
    ctx.fillStyle = `#${color.toString(16).padStart(6, '0')}`;
    ctx.fillText(text, canvas.width / 2, px / 2);
  }
  const texture = new CanvasTexture(canvas);
  const sprite = new Sprite(new SpriteMaterial({ map: texture, depthTest: false, transparent: true }));
  sprite.scale.set((heightWorld * canvas.width) / canvas.height, heightWorld, 1);
  sprite.renderOrder = 3;
  return sprite;
}

function disposeTree(group: Group): void {
  group.traverse((o) => {
    const m = o as Mesh;
    m.geometry?.dispose();
    const mats = (Array.isArray(m.material) ? m.material : [m.material]) as (Material | undefined)[];
    for (const mat of mats) {
      (mat as SpriteMaterial | undefined)?.map?.dispose();
      mat?.dispose();
    }
  });
  group.clear();
}

interface Plane {
  mesh: Mesh;
  outline: LineLoop;
  material: ShaderMaterial;
  texture: DataTexture | null;
  image: Size | null;
}

export class BoxScene {
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(35, 1, 0.01, 100);
  private readonly frame = new Group();
  /** drawn after the planes on a cleared depth buffer: the y axis runs under the xy plane from most angles */
  private readonly overlay = new Scene();
  private readonly axes = new Group();
  private readonly planes: Record<OrthoAxis, Plane>;
  private readonly lut: DataTexture;
  private dims: VolumeDims | null = null;
  private orbit: Orbit = DEFAULT_ORBIT;

  constructor(private readonly renderer: WebGLRenderer) {
    this.camera.up.set(0, 0, 1);
    this.lut = new DataTexture(new Uint8Array(256 * 4), 256, 1, RGBAFormat, UnsignedByteType);
    this.lut.magFilter = NearestFilter;
    this.lut.minFilter = NearestFilter;
    this.lut.generateMipmaps = false;
    this.scene.add(this.frame);
    this.overlay.add(this.axes);
    renderer.autoClear = false;
    const rotations: Record<OrthoAxis, (m: Mesh | LineLoop) => void> = {
      xy: () => undefined,
      xz: (m) => m.rotateX(Math.PI / 2), // image up → +z
      yz: (m) => m.rotateY(-Math.PI / 2), // image across → +z, up → +y
    };
    const make = (axis: OrthoAxis): Plane => {
      const material = new ShaderMaterial({
        uniforms: { tex: { value: null }, lut: { value: this.lut }, lo: { value: 0 }, hi: { value: 1 } },
        vertexShader: VERTEX,
        fragmentShader: FRAGMENT,
        side: DoubleSide,
      });
      const mesh = new Mesh(new PlaneGeometry(1, 1), material);
      const ring = new BufferGeometry();
      ring.setAttribute(
        'position',
        new Float32BufferAttribute([-0.5, -0.5, 0, 0.5, -0.5, 0, 0.5, 0.5, 0, -0.5, 0.5, 0], 3),
      );
      const outline = new LineLoop(ring, new LineBasicMaterial({ color: SLICE_COLORS[axis] }));
      rotations[axis](mesh);
      rotations[axis](outline);
      mesh.visible = outline.visible = false;
      this.scene.add(mesh, outline);
      return { mesh, outline, material, texture: null, image: null };
    };
    this.planes = { xy: make('xy'), xz: make('xz'), yz: make('yz') };
    this.setOrbit(DEFAULT_ORBIT);
  }

  resize(box: Size, pixelRatio: number): void {
    const width = Math.max(1, box.width);
    const height = Math.max(1, box.height);
    this.renderer.setPixelRatio(pixelRatio);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }

  setColormap(lut: Uint8Array): void {
    (this.lut.image.data as Uint8Array).set(lut);
    this.lut.needsUpdate = true;
  }

  setOrbit(orbit: Orbit): void {
    this.orbit = orbit;
    this.camera.position.set(...cameraPosition(orbit));
    this.camera.lookAt(new Vector3(0, 0, 0));
  }

  /** The three slices through `window`, each plane at its position. */
  setSlices(set: OrthoSliceSet, window: GrayWindow): void {
    if (!this.dims || !sameDims(this.dims, set.dims)) this.buildFrame(set.dims);
    for (const axis of AXES) {
      const plane = this.planes[axis];
      this.setTexture(plane, set[axis]);
      plane.material.uniforms.lo.value = window.lo;
      plane.material.uniforms.hi.value = window.hi;
      plane.mesh.visible = plane.outline.visible = true;
    }
    this.place(set.position);
  }

  clear(): void {
    for (const axis of AXES) this.planes[axis].mesh.visible = this.planes[axis].outline.visible = false;
    disposeTree(this.frame);
    disposeTree(this.axes);
    this.dims = null;
  }

  draw(): void {
    this.renderer.clear();
    this.renderer.render(this.scene, this.camera);
    this.renderer.clearDepth();
    this.renderer.render(this.overlay, this.camera);
  }

  dispose(): void {
    this.clear();
    for (const axis of AXES) {
      const p = this.planes[axis];
      p.texture?.dispose();
      p.material.dispose();
      p.mesh.geometry.dispose();
      p.outline.geometry.dispose();
      (p.outline.material as Material).dispose();
    }
    this.lut.dispose();
    this.renderer.dispose();
  }

  private setTexture(plane: Plane, image: SliceImage): void {
    const { width, height, data } = image;
    if (plane.texture && plane.image?.width === width && plane.image.height === height) {
      plane.texture.image.data = data;
      plane.texture.needsUpdate = true;
      return;
    }
    plane.texture?.dispose();
    const t = new DataTexture(data, width, height, RedFormat, FloatType);
    t.magFilter = NearestFilter;
    t.minFilter = NearestFilter;
    t.generateMipmaps = false;
    t.needsUpdate = true;
    plane.texture = t;
    plane.image = { width, height };
    plane.material.uniforms.tex.value = t;
  }

  private place(p: VoxelPosition): void {
    if (!this.dims) return;
    for (const axis of AXES) {
      const { centre, size } = planePlacement(axis, this.dims, p);
      for (const o of [this.planes[axis].mesh, this.planes[axis].outline]) {
        o.position.set(...centre);
        o.scale.set(size[0], size[1], 1);
      }
    }
  }

  /** The box, the labelled axes from its origin corner and the beam, for a volume of `dims`. */
  private buildFrame(dims: VolumeDims): void {
    disposeTree(this.frame);
    disposeTree(this.axes);
    this.dims = dims;
    const [hx, hy, hz] = boxHalfSize(dims);
    const edges = new EdgesGeometry(new BoxGeometry(2 * hx, 2 * hy, 2 * hz));
    this.frame.add(new LineSegments(edges, new LineBasicMaterial({ color: BOX_COLOR })));
    // just outside the box's origin corner: an axis on a box edge would fight it for the same pixels
    const corner = new Vector3(-hx, -hy, -hz).addScalar(-0.03);
    const reach = 0.12;
    const axes: [keyof typeof AXIS_COLORS, Vector3, number][] = [
      ['x', new Vector3(1, 0, 0), 2 * hx],
      ['y', new Vector3(0, 1, 0), 2 * hy],
      ['z', new Vector3(0, 0, 1), 2 * hz],
    ];
    for (const [name, dir, side] of axes) {
      const arrow = new ArrowHelper(dir, corner, side + reach, AXIS_COLORS[name], 0.05, 0.03);
      this.axes.add(arrow);
      const tag = label(name, AXIS_COLORS[name], 0.13);
      tag.position.copy(corner).addScaledVector(dir, side + reach + 0.06);
      this.axes.add(tag);
    }
    // the beam comes down the column, along −z at 0° tilt
    const top = new Vector3(hx, hy, hz + 0.3);
    this.frame.add(new ArrowHelper(new Vector3(0, 0, -1), top, 0.26, BEAM_COLOR, 0.06, 0.035));
    const beam = label('beam', BEAM_COLOR, 0.1);
    beam.position.copy(top).add(new Vector3(0, 0, 0.06));
    this.frame.add(beam);
    this.setOrbit(this.orbit);
  }
}

const sameDims = (a: VolumeDims, b: VolumeDims): boolean => a.nx === b.nx && a.ny === b.ny && a.nz === b.nz;
