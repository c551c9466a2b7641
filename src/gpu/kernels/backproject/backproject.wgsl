// Voxel-driven backprojection of one Y-slab: every voxel gathers, from each view, the bilinear interpolation
// of the detector at its projected position (u, v). Detector pixels outside the detector count as zero.
// The projections buffer holds only the detector rows [rowStart, rowStart + nRows) that the slab touches.
//
// Layout for real GPUs:
// - per-view coefficients live in a uniform buffer: every thread of a workgroup reads the same view at the
//   same time, which the uniform/constant path broadcasts, instead of a storage load per thread;
// - each thread accumulates ZB = 4 voxels along z in registers (a vec4f): u and v advance by the constants
//   (u.z, v.z) per z step, so the view's coefficients and the dot product are paid once per 4 voxels;
// - the workgroup runs along x (WG_X = 32 by default): neighbouring threads read neighbouring detector
//   pixels of the same row (u advances by u.x ≈ cos θ per voxel) and write neighbouring voxels;
// - detector reads are branch-free (clamped load + select). With per-tap branches and a store loop indexing
//   the vec4f dynamically, SwiftShader's shader compiler ran for minutes without finishing.

struct BView {
  u: vec4f, // u = dot(u.xyz, voxel − centre) + u.w, detector column (pixel i centred at u = i)
  v: vec4f, // detector row, same form
  w: vec4f, // w.x = view weight
}

// 48 B × 1024 = 48 KiB, inside the 64 KiB minimum of maxUniformBufferBindingSize; more views are split
// into several dispatches that accumulate.
const MAX_VIEWS: u32 = 1024u;
const ZB: u32 = 4u;

struct Views {
  view: array<BView, MAX_VIEWS>,
}

struct Params {
  vol: vec4u,    // nx, nySlab, nz, y0 (first volume row of the slab)
  det: vec4u,    // nu, nv, rowStart, nRows
  misc: vec4u,   // nViews, accumulate (0: overwrite, 1: add), view offset into the projections
  centre: vec4f, // volume centre in voxel indices (of the whole volume, not the slab)
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<uniform> V: Views;
@group(0) @binding(2) var<storage, read> proj: array<f32>;     // [view][row − rowStart][u]
@group(0) @binding(3) var<storage, read_write> vol: array<f32>; // x + nx·(y − y0 + nySlab·z)

override WG_X: u32 = 32u;
override WG_Y: u32 = 2u;

// Pixel (i, j) of the view whose rows start at `base`; zero outside the detector or the uploaded rows
// (those lie inside the detector). Branch-free: a clamped, always-valid load and a select.
fn pixel(base: u32, i: i32, j: i32) -> f32 {
  let r = j - i32(P.det.z);
  let ic = clamp(i, 0, i32(P.det.x) - 1);
  let rc = clamp(r, 0, i32(P.det.w) - 1);
  let value = proj[base + u32(rc) * P.det.x + u32(ic)];
  return select(0.0, value, ic == i && rc == r);
}

fn bilinear(base: u32, u: f32, v: f32) -> f32 {
  let fu = floor(u);
  let fv = floor(v);
  let du = u - fu;
  let dv = v - fv;
  let i = i32(fu);
  let j = i32(fv);
  let top = (1.0 - du) * pixel(base, i, j) + du * pixel(base, i + 1, j);
  let bottom = (1.0 - du) * pixel(base, i, j + 1) + du * pixel(base, i + 1, j + 1);
  return (1.0 - dv) * top + dv * bottom;
}

fn store(at: u32, value: f32, accumulate: bool) {
  vol[at] = select(value, vol[at] + value, accumulate);
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let z0 = id.z * ZB;
  if (id.x >= P.vol.x || id.y >= P.vol.y || z0 >= P.vol.z) {
    return;
  }
  let pos = vec4f(f32(id.x) - P.centre.x, f32(id.y + P.vol.w) - P.centre.y, f32(z0) - P.centre.z, 1.0);
  var acc = vec4f(0.0);
  let viewFloats = P.det.w * P.det.x;
  // no uploaded rows (the slab projects off the detector): the slab is zero
  let nViews = select(P.misc.x, 0u, P.det.w == 0u);
  for (var k = 0u; k < nViews; k++) {
    let view = V.view[k];
    let u = dot(view.u, pos);
    let v = dot(view.v, pos);
    let du = view.u.z;
    let dv = view.v.z;
    let base = (k + P.misc.z) * viewFloats;
    acc += view.w.x * vec4f(
      bilinear(base, u, v),
      bilinear(base, u + du, v + dv),
      bilinear(base, u + 2.0 * du, v + 2.0 * dv),
      bilinear(base, u + 3.0 * du, v + 3.0 * dv),
    );
  }
  let plane = P.vol.x * P.vol.y;
  let idx = id.x + P.vol.x * id.y + plane * z0;
  let accumulate = P.misc.y != 0u;
  store(idx, acc.x, accumulate);
  if (z0 + 1u < P.vol.z) {
    store(idx + plane, acc.y, accumulate);
  }
  if (z0 + 2u < P.vol.z) {
    store(idx + 2u * plane, acc.z, accumulate);
  }
  if (z0 + 3u < P.vol.z) {
    store(idx + 3u * plane, acc.w, accumulate);
  }
}
