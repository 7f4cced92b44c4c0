/**
 * A short lateral plan through the trees: dynamic programming over columns every `dx`
 * metres ahead and rows every `dy` metres across the corridor. Moving forward only, a
 * path cannot loop; the step limit between columns bounds the slope. Cells closer to a
 * trunk than the airframe radius plus `clearance` are walls; cells within `comfort`
 * cost more the closer they are, so the plan keeps to the middle of gaps.
 */
import type { Circle } from '../world/geometry.ts';
import { DRONE_RADIUS } from '../world/quadrotor.ts';

export const PLANNER = {
  dx: 0.5,
  dy: 0.25,
  columns: 24,
  /** Rows reachable from a row in the next column (slope <= maxStep * dy / dx). */
  maxStep: 2,
  /** Lateral limit of the plan; the corridor's edge is at 7 m. */
  yLimit: 6.25,
  /** At least half the longest step between columns, so a step between two free cells
   *  cannot cut through a trunk: hypot(0.5, 0.5) / 2 = 0.354. */
  clearance: 0.36,
  comfort: 1.2,
  wStep: 2,
  wCentre: 0.02,
  wNear: 3,
} as const;

export interface Plan {
  /** Lateral position per column (column 0 is the start). */
  ys: Float64Array;
  /** Columns the plan reaches (== PLANNER.columns when nothing blocks it). */
  reached: number;
  /** Clearance beyond the airframe at each column of the path; -Infinity past `reached`. */
  minClearance: Float64Array;
}

export function planCorridor(trees: readonly Circle[], x0: number, y0: number): Plan {
  const P = PLANNER;
  const rows = Math.round((2 * P.yLimit) / P.dy) + 1;
  const cols = P.columns;
  const rowY = (r: number): number => -P.yLimit + r * P.dy;
  const clear = new Float64Array(cols * rows).fill(P.comfort + 1);
  for (const t of trees) {
    const reach = t.r + DRONE_RADIUS + P.comfort;
    const c0 = Math.max(0, Math.ceil((t.x - reach - x0) / P.dx)), c1 = Math.min(cols - 1, Math.floor((t.x + reach - x0) / P.dx));
    const r0 = Math.max(0, Math.ceil((t.y - reach + P.yLimit) / P.dy)), r1 = Math.min(rows - 1, Math.floor((t.y + reach + P.yLimit) / P.dy));
    for (let c = c0; c <= c1; c++) {
      const ex = x0 + c * P.dx - t.x;
      for (let r = r0; r <= r1; r++) {
        const ey = rowY(r) - t.y;
        const d = Math.sqrt(ex * ex + ey * ey) - t.r - DRONE_RADIUS; // Math.hypot is several times slower
        const k = c * rows + r;
        if (d < (clear[k] as number)) clear[k] = d;
      }
    }
  }
  const cost = new Float64Array(cols * rows).fill(Infinity);
  const parent = new Int16Array(cols * rows).fill(-1);
  const start = Math.min(rows - 1, Math.max(0, Math.round((y0 + P.yLimit) / P.dy)));
  cost[start] = 0;
  let reached = 1;
  for (let c = 1; c < cols; c++) {
    let any = false;
    // Only rows reachable from the start within c steps can have a finite cost.
    const rLo = Math.max(0, start - c * P.maxStep), rHi = Math.min(rows - 1, start + c * P.maxStep);
    for (let r = rLo; r <= rHi; r++) {
      const k = c * rows + r;
      const cl = clear[k] as number;
      if (cl < P.clearance) continue;
      let best = Infinity, from = -1;
      for (let q = Math.max(0, r - P.maxStep); q <= Math.min(rows - 1, r + P.maxStep); q++) {
        const prev = cost[(c - 1) * rows + q] as number;
        if (prev === Infinity) continue;
        const step = (r - q) * P.dy;
        const total = prev + P.wStep * step * step;
        if (total < best) { best = total; from = q; }
      }
      if (from < 0) continue;
      const near = Math.max(0, P.comfort - cl);
      const y = rowY(r);
      cost[k] = best + P.wNear * near * near + P.wCentre * y * y;
      parent[k] = from;
      any = true;
    }
    if (!any) break;
    reached = c + 1;
  }
  // Best end in the last reached column, then walk the parents back.
  const last = reached - 1;
  let end = start;
  if (last > 0) {
    let best = Infinity;
    for (let r = 0; r < rows; r++) {
      const v = cost[last * rows + r] as number;
      if (v < best) { best = v; end = r; }
    }
  }
  const ys = new Float64Array(cols), minClearance = new Float64Array(cols);
  let r = end;
  for (let c = last; c >= 0; c--) {
    ys[c] = rowY(r);
    minClearance[c] = clear[c * rows + r] as number;
    if (c > 0) r = parent[c * rows + r] as number;
  }
  ys[0] = y0;
  for (let c = last + 1; c < cols; c++) { ys[c] = ys[last] as number; minClearance[c] = -Infinity; }
  return { ys, reached, minClearance };
}
