// Voxel-driven backprojection of one Y-slab: every voxel gathers, from each view, the bilinear interpolation
// of the detector at its projected position (u, v). Detector pixels outside the detector count as zero.
// The projections buffer holds only the detector rows [rowStart, rowStart + nRows) that the slab touches.

struct View {
  u: vec4f,    // u = dot(u.xyz, voxel − centre) + u.w, detector column (pixel i centred at u = i)
  v: vec4f,    // detector row, same form
  minv: vec4f, // forward kernel only
  w: vec4f,    // w.x = view weight
  axes: vec4u, // forward kernel only
}

struct Params {
  vol: vec4u,    // nx, nySlab, nz, y0 (first volume row of the slab)
  det: vec4u,    // nu, nv, rowStart, nRows
  misc: vec4u,   // nViews, accumulate (0: overwrite, 1: add)
  centre: vec4f, // volume centre in voxel indices (of the whole volume, not the slab)
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> views: array<View>;
@group(0) @binding(2) var<storage, read> proj: array<f32>;     // [view][row − rowStart][u]
@group(0) @binding(3) var<storage, read_write> vol: array<f32>; // x + nx·(y − y0 + nySlab·z)

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

// Pixel (i, j) of view k, zero outside the detector or outside the uploaded rows.
fn pixel(k: u32, i: i32, j: i32) -> f32 {
  let nu = i32(P.det.x);
  let r = j - i32(P.det.z);
  if (i < 0 || i >= nu || j < 0 || j >= i32(P.det.y) || r < 0 || r >= i32(P.det.w)) {
    return 0.0;
  }
  return proj[(k * P.det.w + u32(r)) * P.det.x + u32(i)];
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= P.vol.x || id.y >= P.vol.y || id.z >= P.vol.z) {
    return;
  }
  let pos = vec4f(f32(id.x) - P.centre.x, f32(id.y + P.vol.w) - P.centre.y, f32(id.z) - P.centre.z, 1.0);
  var acc = 0.0;
  for (var k = 0u; k < P.misc.x; k++) {
    let u = dot(views[k].u, pos);
    let v = dot(views[k].v, pos);
    let fu = floor(u);
    let fv = floor(v);
    let du = u - fu;
    let dv = v - fv;
    let i = i32(fu);
    let j = i32(fv);
    let top = (1.0 - du) * pixel(k, i, j) + du * pixel(k, i + 1, j);
    let bottom = (1.0 - du) * pixel(k, i, j + 1) + du * pixel(k, i + 1, j + 1);
    acc += views[k].w.x * ((1.0 - dv) * top + dv * bottom);
  }
  let idx = id.x + P.vol.x * (id.y + P.vol.y * id.z);
  if (P.misc.y != 0u) {
    vol[idx] += acc;
  } else {
    vol[idx] = acc;
  }
}
