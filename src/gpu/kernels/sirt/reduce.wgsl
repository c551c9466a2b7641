// Sums the residual kernel's per-thread partials into out[0]: one workgroup, strided loads, then a
// tree in workgroup memory. Deterministic (fixed order), unlike float atomics (which WGSL lacks anyway).

struct Params {
  n: u32, // number of partials
  lambda: f32,
  positivity: u32,
  pad: u32,
}

const WG: u32 = 256u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> sums: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_id) lid: vec3u) {
  var s = 0.0;
  for (var i = lid.x; i < P.n; i += WG) {
    s += partials[i];
  }
  sums[lid.x] = s;
  workgroupBarrier();
  for (var half = WG / 2u; half > 0u; half /= 2u) {
    if (lid.x < half) {
      sums[lid.x] += sums[lid.x + half];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    out[0] = sums[0];
  }
}
