import type { ViewFrame } from '../app/contract-replay.ts';
import type { Pose, Twist } from '../ros/messages.ts';
import type { EpisodeTrack, OdometryTrack } from './episode-track.ts';
import { lastAtOrBefore } from './growable.ts';
import { ACTION_WIDTH, DRIVER_CODES, POSE_WIDTH, TWIST_WIDTH } from './track-layout.ts';

/**
 * Odometry further apart than this is not interpolated across (the link dropped, the
 * robot was reset): the pose holds at the last sample instead of gliding over the gap.
 */
const MAX_GAP_S = 1;

/** What the view shows at episode time `t`: the frame then, and the pose interpolated between odometry samples. */
export function viewFrameAt(track: EpisodeTrack, t: number): ViewFrame {
  const n = track.frameTimes.length;
  const i = n === 0 ? -1 : Math.min(n - 1, Math.max(0, lastAtOrBefore(track.frameTimes, t)));
  const motion = motionAt(track.odom, t);
  if (i < 0) {
    return { t, pose: motion?.pose ?? null, twist: motion?.twist ?? null, command: null, driver: 'none', doubt: null, operatorAction: null, policyAction: null, events: [] };
  }
  const doubt = track.doubt[i]!;
  const published = actionAt(track.published, i);
  return {
    t,
    pose: motion?.pose ?? null,
    twist: motion?.twist ?? null,
    command: published ? { linear: { x: published[0]!, y: published[1]!, z: published[2]! }, angular: { x: 0, y: 0, z: published[3]! } } : null,
    driver: DRIVER_CODES[track.driver[i]!] ?? 'none',
    doubt: Number.isNaN(doubt) ? null : doubt,
    operatorAction: actionAt(track.operator, i),
    policyAction: actionAt(track.policy, i),
    events: track.events.get(i)?.slice() ?? [],
  };
}

/** Action `i` of a flat action array; null when it was null (all NaN). A lone NaN reads 0, as it went out. */
export function actionAt(actions: Float64Array, i: number): number[] | null {
  const out = Array.from(actions.subarray(i * ACTION_WIDTH, i * ACTION_WIDTH + ACTION_WIDTH));
  if (out.length < ACTION_WIDTH || out.every(Number.isNaN)) return null;
  return out.map((v) => (Number.isNaN(v) ? 0 : v));
}

/** Pose and twist at `t`: linear between samples, the orientation by normalised lerp on the short arc. */
export function motionAt(odom: OdometryTrack, t: number): { pose: Pose; twist: Twist } | null {
  const n = odom.t.length;
  if (n === 0) return null;
  const j = lastAtOrBefore(odom.t, t);
  if (j < 0) return odom.t[0]! - t <= MAX_GAP_S ? sample(odom, 0, 0, 0) : null;
  if (j === n - 1 || odom.t[j + 1]! - odom.t[j]! > MAX_GAP_S) return sample(odom, j, j, 0);
  const span = odom.t[j + 1]! - odom.t[j]!;
  return sample(odom, j, j + 1, span > 0 ? (t - odom.t[j]!) / span : 0);
}

function sample(odom: OdometryTrack, a: number, b: number, u: number): { pose: Pose; twist: Twist } {
  const p = odom.pose;
  const pa = a * POSE_WIDTH;
  const pb = b * POSE_WIDTH;
  const lerp = (ia: number, ib: number, arr: Float64Array) => arr[ia]! + (arr[ib]! - arr[ia]!) * u;
  // q and -q are the same rotation: blend towards whichever is nearer, or the blend swings the long way round.
  const dot = p[pa + 3]! * p[pb + 3]! + p[pa + 4]! * p[pb + 4]! + p[pa + 5]! * p[pb + 5]! + p[pa + 6]! * p[pb + 6]!;
  const sign = dot < 0 ? -1 : 1;
  const q = [3, 4, 5, 6].map((k) => p[pa + k]! * (1 - u) + sign * p[pb + k]! * u);
  const norm = Math.hypot(q[0]!, q[1]!, q[2]!, q[3]!) || 1;
  const w = odom.twist;
  const wa = a * TWIST_WIDTH;
  const wb = b * TWIST_WIDTH;
  return {
    pose: {
      position: { x: lerp(pa, pb, p), y: lerp(pa + 1, pb + 1, p), z: lerp(pa + 2, pb + 2, p) },
      orientation: { x: q[0]! / norm, y: q[1]! / norm, z: q[2]! / norm, w: q[3]! / norm },
    },
    twist: {
      linear: { x: lerp(wa, wb, w), y: lerp(wa + 1, wb + 1, w), z: lerp(wa + 2, wb + 2, w) },
      angular: { x: lerp(wa + 3, wb + 3, w), y: lerp(wa + 4, wb + 4, w), z: lerp(wa + 5, wb + 5, w) },
    },
  };
}
