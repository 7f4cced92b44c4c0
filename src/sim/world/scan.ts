import { boundingRadius, rayHit, type Shape } from './geometry.ts';

export interface ScanSpec {
  beams: number;
  rangeMin: number;
  rangeMax: number;
  /** Reported for beams with no return: rosbridge JSON cannot carry Infinity or NaN. */
  noReturn: number;
}

export const DEFAULT_SCAN: ScanSpec = { beams: 360, rangeMin: 0.1, rangeMax: 30, noReturn: 31 };

/** Beam i points at angleMin + i * increment, relative to the robot's heading. */
export function scanAngles(spec: ScanSpec): { angleMin: number; increment: number } {
  return { angleMin: -Math.PI, increment: (2 * Math.PI) / spec.beams };
}

/**
 * A planar ray cast from (x, y, yaw). Each shape is tested only against the beams that
 * fall within the angle it subtends, so the cost grows with what is near, not with
 * beams x shapes.
 */
export function castScan(x: number, y: number, yaw: number, shapes: readonly Shape[], spec: ScanSpec = DEFAULT_SCAN): number[] {
  const { angleMin, increment } = scanAngles(spec);
  const n = spec.beams;
  const best = new Float64Array(n).fill(Infinity);
  for (const shape of shapes) {
    const dx = shape.x - x, dy = shape.y - y;
    const d = Math.hypot(dx, dy);
    const r = boundingRadius(shape);
    if (d - r > spec.rangeMax) continue;
    let first = 0, last = n - 1;
    if (d > r) {
      const half = Math.asin(r / d);
      const centre = Math.atan2(dy, dx) - yaw;
      first = Math.floor((centre - half - angleMin) / increment);
      last = Math.ceil((centre + half - angleMin) / increment);
    }
    for (let k = first; k <= last; k++) {
      const i = ((k % n) + n) % n;
      const a = yaw + angleMin + i * increment;
      const t = rayHit(shape, x, y, Math.cos(a), Math.sin(a));
      if (t < (best[i] as number)) best[i] = t;
    }
  }
  const ranges = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = best[i] as number;
    // Millimetres are plenty and keep each scan's JSON small.
    ranges[i] = t >= spec.rangeMin && t <= spec.rangeMax ? Math.round(t * 1000) / 1000 : spec.noReturn;
  }
  return ranges;
}
