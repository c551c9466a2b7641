// SIRT residual step, in place: p ← R · (b − p) where p held A·x, plus per-workgroup partial sums of
// (b − A·x)² for the residual norm (finished by reduce.wgsl). Grid-stride loop: the dispatch is capped, so
// any length works within maxComputeWorkgroupsPerDimension.

struct Params {
  n: u32,
  lambda: f32,
  positivity: u32,
  pad: u32,
}

const WG: u32 = 256u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> R: array<f32>;
@group(0) @binding(3) var<storage, read_write> p: array<f32>;
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;

var<workgroup> sums: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(
  @builtin(global_invocation_id) gid: vec3u,
  @builtin(local_invocation_id) lid: vec3u,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) groups: vec3u,
) {
  let stride = groups.x * WG;
  var sq = 0.0;
  for (var i = gid.x; i < P.n; i += stride) {
    let d = b[i] - p[i];
    sq += d * d;
    p[i] = d * R[i];
  }
  sums[lid.x] = sq;
  workgroupBarrier();
  // tree reduction in workgroup memory (WG is a power of two)
  for (var half = WG / 2u; half > 0u; half /= 2u) {
    if (lid.x < half) {
      sums[lid.x] += sums[lid.x + half];
    }
    workgroupBarrier();
  }
  if (lid.x == 0u) {
    partials[wid.x] = sums[0];
  }
}
