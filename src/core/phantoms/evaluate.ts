/**
 * Point tests for primitives in their local frame. `bound` is a conservative signed distance: its magnitude
 * never exceeds the true distance to the surface (negative inside, positive outside). The rasteriser uses it
 * to skip supersampling for voxels that lie wholly inside or outside, so only surface voxels pay for it.
 */
import type { Primitive } from './primitives.ts';

export interface ShapeTest {
  /** conservative signed distance bound (px), local coordinates */
  bound(x: number, y: number, z: number): number;
  inside(x: number, y: number, z: number): boolean;
  /** how many of the points (x, y, z) + offs[q] (q < n, packed xyz) are inside; a tight loop per shape */
  hits(x: number, y: number, z: number, offs: Float64Array, n: number): number;
}

/** Points inside the quadric Σ w_i (p_i − c_i)² ≤ 1 (an axis-aligned ellipsoid about c, w_i = 1/a_i²). */
function quadricHits(
  w: number[],
  c: number[],
  x: number,
  y: number,
  z: number,
  offs: Float64Array,
  n: number,
): number {
  const [w0, w1, w2] = w;
  const px = x - c[0];
  const py = y - c[1];
  const pz = z - c[2];
  let h = 0;
  for (let q = 0; q < n; q++) {
    const ax = px + offs[3 * q];
    const ay = py + offs[3 * q + 1];
    const az = pz + offs[3 * q + 2];
    if (w0 * ax * ax + w1 * ay * ay + w2 * az * az <= 1) h++;
  }
  return h;
}

/** A convex polytope as half-spaces n·p ≤ d with unit normals (max of plane distances is a valid bound). */
function polytope(planes: number[][]): ShapeTest {
  const n = planes.length;
  const flat = Float64Array.from(planes.flat());
  const bound = (x: number, y: number, z: number): number => {
    let m = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = flat[4 * i] * x + flat[4 * i + 1] * y + flat[4 * i + 2] * z - flat[4 * i + 3];
      if (s > m) m = s;
    }
    return m;
  };
  const hits = (x: number, y: number, z: number, offs: Float64Array, nq: number): number => {
    let h = 0;
    for (let q = 0; q < nq; q++) {
      const px = x + offs[3 * q];
      const py = y + offs[3 * q + 1];
      const pz = z + offs[3 * q + 2];
      let inside = true;
      for (let i = 0; i < n && inside; i++)
        inside = flat[4 * i] * px + flat[4 * i + 1] * py + flat[4 * i + 2] * pz <= flat[4 * i + 3];
      if (inside) h++;
    }
    return h;
  };
  return { bound, inside: (x, y, z) => bound(x, y, z) <= 0, hits };
}

function boxTest(hx: number, hy: number, hz: number): ShapeTest {
  const bound = (x: number, y: number, z: number): number =>
    Math.max(Math.abs(x) - hx, Math.abs(y) - hy, Math.abs(z) - hz);
  const hits = (x: number, y: number, z: number, offs: Float64Array, n: number): number => {
    let h = 0;
    for (let q = 0; q < n; q++)
      if (
        Math.abs(x + offs[3 * q]) <= hx &&
        Math.abs(y + offs[3 * q + 1]) <= hy &&
        Math.abs(z + offs[3 * q + 2]) <= hz
      )
        h++;
    return h;
  };
  return { bound, inside: (x, y, z) => bound(x, y, z) <= 0, hits };
}

function unitPlane(nx: number, ny: number, nz: number, d: number): number[] {
  const l = Math.hypot(nx, ny, nz);
  return [nx / l, ny / l, nz / l, d / l];
}

export function shapeTest(p: Primitive): ShapeTest {
  switch (p.kind) {
    case 'ellipsoid': {
      const [a, b, c] = p.semiAxesPx;
      const ia = 1 / a;
      const ib = 1 / b;
      const ic = 1 / c;
      const aMin = Math.min(a, b, c);
      const s = (x: number, y: number, z: number): number =>
        Math.sqrt((x * ia) ** 2 + (y * ib) ** 2 + (z * ic) ** 2);
      // |M(p+δ)| ≤ |Mp| + |δ|/aMin, hence (|Mp| − 1)·aMin bounds the distance
      return {
        bound: (x, y, z) => (s(x, y, z) - 1) * aMin,
        inside: (x, y, z) => (x * ia) ** 2 + (y * ib) ** 2 + (z * ic) ** 2 <= 1,
        hits: (x, y, z, offs, n) => quadricHits([ia * ia, ib * ib, ic * ic], [0, 0, 0], x, y, z, offs, n),
      };
    }
    case 'shell': {
      const ri = p.innerRadiusPx;
      const ro = p.outerRadiusPx;
      const bound = (x: number, y: number, z: number): number => {
        const r = Math.sqrt(x * x + y * y + z * z);
        return Math.max(r - ro, ri - r);
      };
      return {
        bound,
        inside: (x, y, z) => {
          const r2 = x * x + y * y + z * z;
          return r2 <= ro * ro && r2 >= ri * ri;
        },
        hits: (x, y, z, offs, n) => {
          let h = 0;
          for (let q = 0; q < n; q++) {
            const ax = x + offs[3 * q];
            const ay = y + offs[3 * q + 1];
            const az = z + offs[3 * q + 2];
            const r2 = ax * ax + ay * ay + az * az;
            if (r2 <= ro * ro && r2 >= ri * ri) h++;
          }
          return h;
        },
      };
    }
    case 'box':
      return boxTest(...p.halfSizePx);
    case 'cylinder': {
      const r = p.radiusPx;
      const h = p.halfHeightPx;
      const bound = (x: number, y: number, z: number): number =>
        Math.max(Math.sqrt(x * x + y * y) - r, Math.abs(z) - h);
      return {
        bound,
        inside: (x, y, z) => x * x + y * y <= r * r && Math.abs(z) <= h,
        hits: (x, y, z, offs, n) => {
          let k = 0;
          for (let q = 0; q < n; q++) {
            const ax = x + offs[3 * q];
            const ay = y + offs[3 * q + 1];
            if (ax * ax + ay * ay <= r * r && Math.abs(z + offs[3 * q + 2]) <= h) k++;
          }
          return k;
        },
      };
    }
    case 'pyramid': {
      const b = p.baseHalfPx;
      const h = p.heightPx;
      const zb = -0.25 * h;
      // side planes through a base edge and the apex (0, 0, 3h/4): normal ∝ (h, 0, b)
      const d = 0.75 * h * b;
      return polytope([
        [0, 0, -1, -zb],
        unitPlane(h, 0, b, d),
        unitPlane(-h, 0, b, d),
        unitPlane(0, h, b, d),
        unitPlane(0, -h, b, d),
      ]);
    }
    case 'prism': {
      const inradius = 0.5 * p.circumradiusPx;
      const planes = [270, 30, 150].map((deg) => {
        const t = (deg * Math.PI) / 180;
        return [Math.cos(t), Math.sin(t), 0, inradius];
      });
      planes.push([0, 0, 1, p.halfLengthPx], [0, 0, -1, p.halfLengthPx]);
      return polytope(planes);
    }
    case 'cross': {
      const l = p.armHalfLengthPx;
      const w = p.armHalfWidthPx;
      const bars = [boxTest(l, w, w), boxTest(w, l, w)];
      if (p.arms === 6) bars.push(boxTest(w, w, l));
      // union: the minimum of conservative bounds is conservative
      const bound = (x: number, y: number, z: number): number => {
        let m = Infinity;
        for (const bar of bars) m = Math.min(m, bar.bound(x, y, z));
        return m;
      };
      const six = p.arms === 6;
      return {
        bound,
        inside: (x, y, z) => bound(x, y, z) <= 0,
        hits: (x, y, z, offs, n) => {
          let k = 0;
          for (let q = 0; q < n; q++) {
            const ax = Math.abs(x + offs[3 * q]);
            const ay = Math.abs(y + offs[3 * q + 1]);
            const az = Math.abs(z + offs[3 * q + 2]);
            // inside a bar: within w on the two short axes, within l on the long one
            const nx = ax <= w ? 1 : 0;
            const ny = ay <= w ? 1 : 0;
            const nz = az <= w ? 1 : 0;
            if (ax > l || ay > l || az > l) continue;
            if (nx + ny + nz >= 2 && (six || nz === 1)) k++;
          }
          return k;
        },
      };
    }
  }
}
