// SIRT update into the other ping-pong buffer: xOut = xIn + λ·C·g, clamped at 0 with positivity. Writing
// a second buffer costs nothing extra (the update reads and writes x once either way) and keeps the
// previous iterate, which a tolerance stop returns.

struct Params {
  n: u32,
  lambda: f32,
  positivity: u32,
  pad: u32,
}

const WG: u32 = 256u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> xIn: array<f32>;
@group(0) @binding(2) var<storage, read> C: array<f32>;
@group(0) @binding(3) var<storage, read> g: array<f32>;
@group(0) @binding(4) var<storage, read_write> xOut: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let stride = groups.x * WG;
  for (var i = gid.x; i < P.n; i += stride) {
    let v = xIn[i] + P.lambda * C[i] * g[i];
    xOut[i] = select(v, max(v, 0.0), P.positivity != 0u);
  }
}
