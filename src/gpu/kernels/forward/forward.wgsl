// Forward projection of one Y-slab, written as the exact transpose of the voxel-driven bilinear
// backprojector but as a gather over detector pixels: no atomics, deterministic, one thread per pixel.
// Detector pixel (i, j) receives Σ w · max(0, 1 − |u − i|) · max(0, 1 − |v − j|) · f(voxel). The voxels with a
// non-zero weight lie, on each plane of the marching axis m (the one most along the ray), in a small
// parallelogram: the preimage of the square |u − i| < 1, |v − j| < 1 under the 2×2 map of axes (p, q).

struct View {
  u: vec4f,
  v: vec4f,
  minv: vec4f, // inverse of [[u_p, u_q], [v_p, v_q]], row-major
  w: vec4f,
  axes: vec4u, // m, p, q
}

struct Params {
  vol: vec4u,    // nx, nySlab, nz, y0
  det: vec4u,    // nu, nv, rowStart, nRows
  misc: vec4u,   // nViews
  centre: vec4f,
}

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> views: array<View>;
@group(0) @binding(2) var<storage, read> vol: array<f32>;         // x + nx·(y − y0 + nySlab·z)
@group(0) @binding(3) var<storage, read_write> proj: array<f32>;  // [view][row − rowStart][u]

override WG_X: u32 = 8u;
override WG_Y: u32 = 8u;

// Centred-coordinate interval [lo, hi] where |a·t − r| < 1, intersected with [lo0, hi0].
fn narrow(a: f32, r: f32, lo0: f32, hi0: f32) -> vec2f {
  if (abs(a) < 1e-6) {
    return vec2f(lo0, hi0);
  }
  let c = r / a;
  let h = 1.0 / abs(a);
  return vec2f(max(lo0, c - h), min(hi0, c + h));
}

@compute @workgroup_size(WG_X, WG_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  let r = id.y;
  let k = id.z;
  if (i >= P.det.x || r >= P.det.w || k >= P.misc.x) {
    return;
  }
  let j = r + P.det.z;
  let view = views[k];
  let m = view.axes.x;
  let p = view.axes.y;
  let q = view.axes.z;
  let nx = i32(P.vol.x);
  let ny = i32(P.vol.y);
  let y0 = i32(P.vol.w);
  // Bounds and strides of the slab per axis, picked by the view's axis order.
  var lo = vec3i(0, y0, 0);
  var hi = vec3i(nx, y0 + ny, i32(P.vol.z));
  var stride = vec3i(1, nx, nx * ny);
  var centre = P.centre.xyz;
  var uc = view.u.xyz;
  var vc = view.v.xyz;
  let um = uc[m];
  let vm = vc[m];
  let up = uc[p];
  let uq = uc[q];
  let vp = vc[p];
  let vq = vc[q];
  let mi = view.minv;
  let hp = abs(mi.x) + abs(mi.y);
  let hq = abs(mi.z) + abs(mi.w);
  let cp0 = centre[p];
  let cq0 = centre[q];
  let base = -y0 * nx; // slab buffer starts at row y0
  var acc = 0.0;
  for (var t = lo[m]; t < hi[m]; t++) {
    let tm = f32(t) - centre[m];
    let ru = f32(i) - (view.u.w + um * tm);
    let rv = f32(j) - (view.v.w + vm * tm);
    let cp = mi.x * ru + mi.y * rv;
    let cq = mi.z * ru + mi.w * rv;
    let q0 = max(lo[q], i32(ceil(cq - hq + cq0)));
    let q1 = min(hi[q] - 1, i32(floor(cq + hq + cq0)));
    let rowBase = base + t * stride[m];
    for (var qq = q0; qq <= q1; qq++) {
      let tq = f32(qq) - cq0;
      let su = ru - uq * tq;
      let sv = rv - vq * tq;
      var span = narrow(up, su, cp - hp, cp + hp);
      span = narrow(vp, sv, span.x, span.y);
      let p0 = max(lo[p], i32(ceil(span.x + cp0)));
      let p1 = min(hi[p] - 1, i32(floor(span.y + cp0)));
      let qBase = rowBase + qq * stride[q];
      for (var pp = p0; pp <= p1; pp++) {
        let tp = f32(pp) - cp0;
        let wu = 1.0 - abs(up * tp - su);
        let wv = 1.0 - abs(vp * tp - sv);
        if (wu > 0.0 && wv > 0.0) {
          acc += wu * wv * vol[qBase + pp * stride[p]];
        }
      }
    }
  }
  proj[(k * P.det.w + r) * P.det.x + i] = view.w.x * acc;
}
