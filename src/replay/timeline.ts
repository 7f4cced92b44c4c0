import type { BucketSeries, ReplayTimeline, TimelineMarker, ViewDriver } from '../app/contract-replay.ts';
import type { EpisodeTrack } from './episode-track.ts';
import { ACTION_WIDTH, DRIVER_CODES } from './track-layout.ts';

/** The same event again within this long is one marker (a flapping link, a scrape along a wall). */
const REPEAT_S = 0.1;
const MOVED = 1e-6;

/** What the timeline draws for an episode: who drove, doubt and actions per bucket, event markers. */
export function buildTimeline(track: EpisodeTrack, buckets = 1200): ReplayTimeline {
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`buildTimeline: buckets must be a positive integer, got ${buckets}`);
  const durationS = track.durationS;
  const bucketS = durationS / buckets;
  const bucketOf = new Uint32Array(track.frameTimes.length);
  for (let i = 0; i < bucketOf.length; i++) {
    bucketOf[i] = bucketS > 0 ? Math.min(buckets - 1, Math.max(0, Math.floor(track.frameTimes[i]! / bucketS))) : 0;
  }
  const components = Array.from({ length: ACTION_WIDTH }, (_, k) => k);
  return {
    durationS,
    bands: bandsOf(track),
    bucketS,
    doubt: series(track.doubt, 1, 0, bucketOf, buckets),
    operator: components.map((k) => series(track.operator, ACTION_WIDTH, k, bucketOf, buckets)),
    policy: components.map((k) => series(track.policy, ACTION_WIDTH, k, bucketOf, buckets)),
    markers: markersOf(track),
    activeActions: components.filter((k) => [track.operator, track.policy, track.published].some((a) => moved(a, k))),
  };
}

function bandsOf(track: EpisodeTrack): ReplayTimeline['bands'] {
  const bands: ReplayTimeline['bands'] = [];
  const n = track.frameTimes.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i < n && track.driver[i] === track.driver[start]) continue;
    const driver: ViewDriver = DRIVER_CODES[track.driver[start]!] ?? 'none';
    bands.push({ from: track.frameTimes[start]!, to: i < n ? track.frameTimes[i]! : Math.max(track.durationS, track.frameTimes[n - 1]!), driver });
    start = i;
  }
  return bands;
}

/** Min and max of one column per bucket; null where no frame fell or every value was null. */
function series(values: Float64Array, width: number, column: number, bucketOf: Uint32Array, buckets: number): BucketSeries {
  const min = new Float64Array(buckets).fill(NaN);
  const max = new Float64Array(buckets).fill(NaN);
  for (let i = 0; i < bucketOf.length; i++) {
    const v = values[i * width + column]!;
    if (Number.isNaN(v)) continue;
    const b = bucketOf[i]!;
    if (!(v >= min[b]!)) min[b] = v;
    if (!(v <= max[b]!)) max[b] = v;
  }
  const out = (a: Float64Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
  return { min: out(min), max: out(max) };
}

function markersOf(track: EpisodeTrack): TimelineMarker[] {
  const markers: TimelineMarker[] = [];
  const lastOf = new Map<string, number>();
  for (const i of [...track.events.keys()].sort((a, b) => a - b)) {
    const t = track.frameTimes[i]!;
    for (const kind of track.events.get(i)!) {
      const last = lastOf.get(kind);
      if (last !== undefined && t - last < REPEAT_S) continue;
      lastOf.set(kind, t);
      markers.push({ t, kind });
    }
  }
  return markers;
}

function moved(actions: Float64Array, column: number): boolean {
  for (let i = column; i < actions.length; i += ACTION_WIDTH) if (Math.abs(actions[i]!) > MOVED) return true;
  return false;
}
