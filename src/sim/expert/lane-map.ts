/**
 * The lane world in road coordinates, for the privileged expert: the centre line (from
 * the world's own `lane_lines` marker, sampled every 2 m) and every obstacle as a
 * station and a lateral offset. Built once per layout: a reset rebuilds the world's
 * marker array, which is the cache key.
 */
import type { LaneWorld } from '../world/lane-world.ts';

export interface RoadPose {
  /** Metres along the centre line from its first point. */
  s: number;
  /** Metres left of the centre line. */
  lateral: number;
  /** Heading of the centre line there, rad. */
  heading: number;
}

export interface RoadObstacle {
  s: number;
  lateral: number;
  /** Half extents along and across the road. */
  halfLength: number;
  halfWidth: number;
}

export interface LaneMap {
  xs: Float64Array;
  ys: Float64Array;
  /** Cumulative length at each point. */
  ss: Float64Array;
  length: number;
  /** Sorted by station. */
  obstacles: RoadObstacle[];
}

const cache = new WeakMap<LaneWorld, { key: unknown; map: LaneMap }>();

export function laneMapOf(world: LaneWorld): LaneMap {
  const markers = world.markers().markers;
  const hit = cache.get(world);
  if (hit && hit.key === markers) return hit.map;
  const centre = markers.find((m) => m.ns === 'lane_lines' && m.id === 0);
  if (!centre || centre.points.length < 2) throw new Error('laneMapOf: the lane world published no lane_lines centre line');
  const n = centre.points.length;
  const xs = new Float64Array(n), ys = new Float64Array(n), ss = new Float64Array(n);
  centre.points.forEach((p, i) => {
    xs[i] = p.x;
    ys[i] = p.y;
    if (i > 0) ss[i] = (ss[i - 1] as number) + Math.hypot(p.x - (xs[i - 1] as number), p.y - (ys[i - 1] as number));
  });
  const partial: LaneMap = { xs, ys, ss, length: ss[n - 1] as number, obstacles: [] };
  partial.obstacles = world.obstacleBoxes().map((b) => {
    const at = projectOnLine(partial, b.x, b.y);
    const d = b.yaw - at.heading;
    const c = Math.abs(Math.cos(d)), s = Math.abs(Math.sin(d));
    return { s: at.s, lateral: at.lateral, halfLength: b.hx * c + b.hy * s, halfWidth: b.hx * s + b.hy * c };
  }).sort((a, b) => a.s - b.s);
  cache.set(world, { key: markers, map: partial });
  return partial;
}

/** Nearest point of the centre line (a full scan: ~260 segments, cheaper than keeping state). */
export function projectOnLine(map: LaneMap, x: number, y: number): RoadPose {
  const { xs, ys, ss } = map;
  let best = 0, bestD = Infinity, bestU = 0;
  for (let i = 0; i + 1 < xs.length; i++) {
    const x0 = xs[i] as number, y0 = ys[i] as number;
    const tx = (xs[i + 1] as number) - x0, ty = (ys[i + 1] as number) - y0;
    const u = Math.min(1, Math.max(0, ((x - x0) * tx + (y - y0) * ty) / (tx * tx + ty * ty)));
    const d = (x - x0 - u * tx) ** 2 + (y - y0 - u * ty) ** 2;
    if (d < bestD) { bestD = d; best = i; bestU = u; }
  }
  const x0 = xs[best] as number, y0 = ys[best] as number;
  const tx = (xs[best + 1] as number) - x0, ty = (ys[best + 1] as number) - y0;
  const len = Math.hypot(tx, ty);
  const s0 = ss[best] as number, s1 = ss[best + 1] as number;
  return { s: s0 + bestU * (s1 - s0), lateral: (tx * (y - y0) - ty * (x - x0)) / len, heading: headingAt(map, best, bestU) };
}

/** The point `lateral` metres left of the centre line at station `s` (clamped to the line). */
export function pointOnLine(map: LaneMap, s: number, lateral: number): { x: number; y: number; heading: number } {
  const { xs, ys, ss } = map;
  const clamped = Math.min(Math.max(s, 0), map.length);
  let lo = 0, hi = ss.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((ss[mid] as number) <= clamped) lo = mid;
    else hi = mid;
  }
  const u = (clamped - (ss[lo] as number)) / ((ss[hi] as number) - (ss[lo] as number));
  const heading = headingAt(map, lo, u);
  const x = (xs[lo] as number) + ((xs[hi] as number) - (xs[lo] as number)) * u;
  const y = (ys[lo] as number) + ((ys[hi] as number) - (ys[lo] as number)) * u;
  return { x: x - Math.sin(heading) * lateral, y: y + Math.cos(heading) * lateral, heading };
}

/** Segment headings blended towards the next one, so the heading has no kinks at points. */
function headingAt(map: LaneMap, i: number, u: number): number {
  const seg = (k: number): number => {
    const j = Math.min(Math.max(k, 0), map.xs.length - 2);
    return Math.atan2((map.ys[j + 1] as number) - (map.ys[j] as number), (map.xs[j + 1] as number) - (map.xs[j] as number));
  };
  const h0 = seg(i), h1 = seg(u < 0.5 ? i - 1 : i + 1);
  const w = u < 0.5 ? 0.5 - u : u - 0.5;
  let d = h1 - h0;
  d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
  return h0 + d * w;
}
