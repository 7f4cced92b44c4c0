import type { Rng } from './prng.ts';

/**
 * A road's centre line sampled every metre, with gentle seeded curves. Station s runs
 * along the centre line from its first sample; lateral offsets are positive to the left.
 */
export interface Road {
  xs: Float64Array;
  ys: Float64Array;
  headings: Float64Array;
  curvatures: Float64Array;
  /** Metres between samples. */
  spacing: number;
  length: number;
}

export interface RoadSpec {
  length: number;
  /** Straight run at the beginning, so the start is calm. */
  straight: number;
  maxCurvature: number;
}

export function generateRoad(rng: Rng, spec: RoadSpec): Road {
  const spacing = 1;
  const n = Math.ceil(spec.length / spacing) + 1;
  const xs = new Float64Array(n), ys = new Float64Array(n), headings = new Float64Array(n), curvatures = new Float64Array(n);
  // Curvature is linear between random knots (a chain of clothoids): no sudden kinks.
  const knots: Array<[number, number]> = [[0, 0], [spec.straight, 0]];
  for (let s = spec.straight; s < spec.length;) {
    s += rng.range(40, 100);
    knots.push([s, rng.chance(0.3) ? 0 : rng.range(-spec.maxCurvature, spec.maxCurvature)]);
  }
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = i * spacing;
    while (k + 2 < knots.length && (knots[k + 1] as [number, number])[0] <= s) k++;
    const [s0, c0] = knots[k] as [number, number];
    const [s1, c1] = knots[k + 1] as [number, number];
    curvatures[i] = c0 + (c1 - c0) * Math.min(1, Math.max(0, (s - s0) / (s1 - s0)));
    if (i > 0) {
      const h0 = headings[i - 1] as number;
      const hMid = h0 + ((curvatures[i - 1] as number) * spacing) / 2;
      headings[i] = h0 + (((curvatures[i - 1] as number) + (curvatures[i] as number)) / 2) * spacing;
      xs[i] = (xs[i - 1] as number) + Math.cos(hMid) * spacing;
      ys[i] = (ys[i - 1] as number) + Math.sin(hMid) * spacing;
    }
  }
  return { xs, ys, headings, curvatures, spacing, length: (n - 1) * spacing };
}

export interface RoadPoint { x: number; y: number; heading: number; curvature: number }

/** The point at station `s` (clamped to the road) shifted `lateral` metres to the left. */
export function roadPoint(road: Road, s: number, lateral = 0): RoadPoint {
  const last = road.xs.length - 1;
  const f = Math.min(Math.max(s / road.spacing, 0), last);
  const i = Math.min(Math.floor(f), last - 1);
  const t = f - i;
  const lerp = (a: Float64Array): number => (a[i] as number) + ((a[i + 1] as number) - (a[i] as number)) * t;
  const heading = lerp(road.headings);
  return {
    x: lerp(road.xs) - Math.sin(heading) * lateral,
    y: lerp(road.ys) + Math.cos(heading) * lateral,
    heading,
    curvature: lerp(road.curvatures),
  };
}

export interface Projection { s: number; lateral: number; heading: number; index: number }

/**
 * Nearest point on the centre line. `hint` (the last index found) keeps this a local
 * search while the robot is near the road; far away it falls back to a full scan.
 */
export function projectOnRoad(road: Road, x: number, y: number, hint = 0): Projection {
  const segments = road.xs.length - 1;
  let best = nearestSegment(road, x, y, Math.max(0, hint - 30), Math.min(segments, hint + 30));
  if (best.d2 > 15 * 15) best = nearestSegment(road, x, y, 0, segments);
  const i = best.index;
  const x0 = road.xs[i] as number, y0 = road.ys[i] as number;
  const tx = (road.xs[i + 1] as number) - x0, ty = (road.ys[i + 1] as number) - y0;
  const len = Math.hypot(tx, ty);
  const along = ((x - x0) * tx + (y - y0) * ty) / len;
  const s = i * road.spacing + along;
  const lateral = (tx * (y - y0) - ty * (x - x0)) / len;
  return { s, lateral, heading: roadPoint(road, s).heading, index: i };
}

function nearestSegment(road: Road, x: number, y: number, from: number, to: number): { index: number; d2: number } {
  let index = from, d2 = Infinity;
  for (let i = from; i < to; i++) {
    const x0 = road.xs[i] as number, y0 = road.ys[i] as number;
    const tx = (road.xs[i + 1] as number) - x0, ty = (road.ys[i + 1] as number) - y0;
    const u = Math.min(1, Math.max(0, ((x - x0) * tx + (y - y0) * ty) / (tx * tx + ty * ty)));
    const dx = x - (x0 + u * tx), dy = y - (y0 + u * ty);
    const d = dx * dx + dy * dy;
    if (d < d2) { d2 = d; index = i; }
  }
  return { index, d2 };
}
