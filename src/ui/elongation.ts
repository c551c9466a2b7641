/**
 * Radermacher's elongation factor along z for a missing wedge: e = √((α + sin α cos α) / (α − sin α cos α)),
 * α the largest tilt (radians). 1 at ±90°, 1.55 at ±60°, 2.1 at ±45°.
 */
export function elongationFactor(maxTiltDeg: number): number {
  const a = (Math.min(90, Math.max(1e-3, Math.abs(maxTiltDeg))) * Math.PI) / 180;
  const sc = Math.sin(a) * Math.cos(a);
  return Math.sqrt((a + sc) / (a - sc));
}
