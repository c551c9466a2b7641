// SIRT residual step, in place: p ← R · (b − p) where p held A·x, plus one partial sum of (b − A·x)² per
// thread (finished by reduce.wgsl). Grid-stride loop: the dispatch is capped, so any length works within
// maxComputeWorkgroupsPerDimension.
//
// No workgroup-memory tree here: on SwiftShader a workgroup barrier switches between the workgroup's
// invocation groups as coroutines, and a per-workgroup tree (8 barriers × ~1000 workgroups) made this
// elementwise pass cost as much as a backprojection. Per-thread partials need no barrier; the single
// workgroup of reduce.wgsl sums them.

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
@group(0) @binding(4) var<storage, read_write> partials: array<f32>; // one per thread of the dispatch

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let stride = groups.x * WG;
  var sq = 0.0;
  for (var i = gid.x; i < P.n; i += stride) {
    let d = b[i] - p[i];
    sq += d * d;
    p[i] = d * R[i];
  }
  partials[gid.x] = sq;
}
