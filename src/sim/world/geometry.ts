/**
 * Planar shapes for obstacles, footprints and the scan's ray casts. Boxes keep their
 * cosine and sine so the hot paths (collision per physics step, 360 rays per scan)
 * never call trigonometric functions.
 */
export interface Circle { kind: 'circle'; x: number; y: number; r: number }
export interface Box { kind: 'box'; x: number; y: number; yaw: number; hx: number; hy: number; c: number; s: number }
export type Shape = Circle | Box;

export function makeBox(x: number, y: number, yaw: number, hx: number, hy: number): Box {
  return { kind: 'box', x, y, yaw, hx, hy, c: Math.cos(yaw), s: Math.sin(yaw) };
}

export function makeCircle(x: number, y: number, r: number): Circle {
  return { kind: 'circle', x, y, r };
}

export function boundingRadius(shape: Shape): number {
  return shape.kind === 'circle' ? shape.r : Math.hypot(shape.hx, shape.hy);
}

/** Distance along the unit ray (dx, dy) from (ox, oy) to the shape; 0 from inside; Infinity on a miss. */
export function rayHit(shape: Shape, ox: number, oy: number, dx: number, dy: number): number {
  return shape.kind === 'circle' ? rayCircle(shape, ox, oy, dx, dy) : rayBox(shape, ox, oy, dx, dy);
}

function rayCircle(c: Circle, ox: number, oy: number, dx: number, dy: number): number {
  const fx = ox - c.x, fy = oy - c.y;
  const b = fx * dx + fy * dy;
  const disc = b * b - (fx * fx + fy * fy - c.r * c.r);
  if (disc < 0) return Infinity;
  const sq = Math.sqrt(disc);
  if (-b - sq >= 0) return -b - sq;
  return -b + sq >= 0 ? 0 : Infinity;
}

function rayBox(box: Box, ox: number, oy: number, dx: number, dy: number): number {
  // Slab test in the box's own frame.
  const px = ox - box.x, py = oy - box.y;
  const lx = box.c * px + box.s * py, ly = -box.s * px + box.c * py;
  const ldx = box.c * dx + box.s * dy, ldy = -box.s * dx + box.c * dy;
  let tmin = -Infinity, tmax = Infinity;
  for (const [l, d, h] of [[lx, ldx, box.hx], [ly, ldy, box.hy]] as const) {
    if (Math.abs(d) < 1e-12) {
      if (Math.abs(l) > h) return Infinity;
      continue;
    }
    const t1 = (-h - l) / d, t2 = (h - l) / d;
    tmin = Math.max(tmin, Math.min(t1, t2));
    tmax = Math.min(tmax, Math.max(t1, t2));
  }
  if (tmax < tmin || tmax < 0) return Infinity;
  return Math.max(tmin, 0);
}

/** Whether two shapes overlap, with `margin` metres added around `a`. */
export function overlaps(a: Shape, b: Shape, margin = 0): boolean {
  if (a.kind === 'circle' && b.kind === 'circle') {
    const r = a.r + b.r + margin;
    return (a.x - b.x) ** 2 + (a.y - b.y) ** 2 < r * r;
  }
  if (a.kind === 'circle') return circleBox(a, b as Box, margin);
  if (b.kind === 'circle') return circleBox(b, a, margin);
  return boxBox(a, b, margin);
}

function circleBox(c: Circle, box: Box, margin: number): boolean {
  const px = c.x - box.x, py = c.y - box.y;
  const lx = box.c * px + box.s * py, ly = -box.s * px + box.c * py;
  const qx = Math.max(-box.hx, Math.min(box.hx, lx)), qy = Math.max(-box.hy, Math.min(box.hy, ly));
  const r = c.r + margin;
  return (lx - qx) ** 2 + (ly - qy) ** 2 < r * r;
}

/** Separating-axis test for two oriented rectangles. */
function boxBox(a: Box, b: Box, margin: number): boolean {
  const dx = b.x - a.x, dy = b.y - a.y;
  const axes = [[a.c, a.s], [-a.s, a.c], [b.c, b.s], [-b.s, b.c]] as const;
  for (const [nx, ny] of axes) {
    const ra = (a.hx + margin) * Math.abs(a.c * nx + a.s * ny) + (a.hy + margin) * Math.abs(-a.s * nx + a.c * ny);
    const rb = b.hx * Math.abs(b.c * nx + b.s * ny) + b.hy * Math.abs(-b.s * nx + b.c * ny);
    if (Math.abs(dx * nx + dy * ny) >= ra + rb) return false;
  }
  return true;
}

/** Wraps an angle to (-pi, pi]. */
export function wrapAngle(a: number): number {
  const w = a - 2 * Math.PI * Math.floor((a + Math.PI) / (2 * Math.PI));
  return w <= -Math.PI ? w + 2 * Math.PI : w;
}
