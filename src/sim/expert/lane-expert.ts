/**
 * The privileged lane expert: it knows the road and every obstacle. It drives in a lane
 * centre at a target speed, moves to the other lane for the next obstacle it has not
 * yet passed, steers by pure pursuit (which follows the road's curves by itself), and
 * brakes so that it could always stop before an obstacle in its own path.
 */
import { yawOf, type Twist } from '../../ros/messages.ts';
import { wrapAngle } from '../world/geometry.ts';
import { LANE, type LaneWorld } from '../world/lane-world.ts';
import { ROVER_HALF, ROVER_LIMITS } from '../world/rover.ts';
import { freeDistance } from './lane-sweep.ts';
import { laneMapOf, pointOnLine, projectOnLine, type LaneMap, type RoadObstacle, type RoadPose } from './lane-map.ts';

export const LANE_EXPERT = {
  speed: 1.5,
  /** Pure-pursuit look-ahead: max(min, gain * speed). */
  lookaheadMin: 3,
  lookaheadGain: 2,
  /** Lateral metres per metre travelled while changing lanes (about 24 degrees). */
  laneChangeSlope: 0.45,
  /** An obstacle counts as passed when the rover's rear is this far beyond it. */
  passMargin: 1.2,
  /** Obstacles further ahead than this do not choose the lane yet. */
  planAhead: 30,
  /** Side clearance that counts an obstacle as in the rover's path. */
  sideClearance: 0.3,
  /** Planned deceleration and the gap kept when stopping behind an obstacle. */
  brake: 1,
  standOff: 1,
  /** Stop this far before the end of the road (the goal is 10 m before it). */
  endStop: 12,
  maxYawRate: 1.2,
  /** Shortest pure-pursuit look-ahead, used when swerving around something close. */
  swerveLookahead: 1.5,
  /** Straight-ahead distance checked for obstacles, and the margin of that check. */
  sweep: 10,
  sweepMargin: 0.15,
  spinRate: 0.8,
  /** Closer than this straight ahead, the rover first backs off at backOffSpeed. */
  backOff: 0.3,
  backOffSpeed: 0.3,
} as const;

export interface LaneState {
  map: LaneMap;
  pose: RoadPose;
  x: number;
  y: number;
  yaw: number;
  /** Forward speed, m/s. */
  v: number;
}

export function laneState(world: LaneWorld): LaneState {
  const odom = world.odometry();
  const { x, y } = odom.pose.pose.position;
  const map = laneMapOf(world);
  return { map, pose: projectOnLine(map, x, y), x, y, yaw: yawOf(odom.pose.pose.orientation), v: odom.twist.twist.linear.x };
}

const LANE_CENTRE = LANE.laneWidth / 2;

/** The first obstacle the rover has not yet passed, within `ahead` metres. */
export function nextObstacle(st: LaneState, ahead: number): RoadObstacle | null {
  const rear = st.pose.s - ROVER_HALF.x;
  for (const o of st.map.obstacles) {
    if (o.s + o.halfLength + LANE_EXPERT.passMargin < rear) continue;
    return o.s - o.halfLength - st.pose.s <= ahead ? o : null;
  }
  return null;
}

/** Free metres from the rover's front to the nearest obstacle overlapping its lateral span, along the road. */
export function gapInPath(st: LaneState, sideClearance: number = LANE_EXPERT.sideClearance): number {
  const front = st.pose.s + ROVER_HALF.x;
  let gap = Infinity;
  for (const o of st.map.obstacles) {
    if (o.s + o.halfLength < st.pose.s - ROVER_HALF.x) continue;
    if (Math.abs(o.lateral - st.pose.lateral) >= o.halfWidth + ROVER_HALF.y + sideClearance) continue;
    gap = Math.min(gap, o.s - o.halfLength - front);
  }
  return gap;
}

export function laneExpertAction(world: LaneWorld): Twist {
  const E = LANE_EXPERT;
  const st = laneState(world);
  const { pose, map } = st;
  const next = nextObstacle(st, E.planAhead);
  const target = next ? -Math.sign(next.lateral) * LANE_CENTRE : (pose.lateral >= 0 ? 1 : -1) * LANE_CENTRE;

  // Speed: cruise, but always able to stop before what lies straight ahead and before the end.
  const stopAt = (d: number): number => Math.sqrt(2 * E.brake * Math.max(0, d - E.standOff));
  const free = freeDistance(world, st.x, st.y, st.yaw, E.sweep, E.sweepMargin);
  let v = Math.min(E.speed, stopAt(free + E.standOff * 0.5), stopAt(map.length - E.endStop - pose.s + E.standOff));
  if (Math.abs(wrapAngle(st.yaw - pose.heading)) > 0.6) v = Math.min(v, 0.5);

  // Pure pursuit towards the target lane, at most `laneChangeSlope` sideways per metre;
  // when something blocks the current lane closer than that allows, aim short and
  // straight at the target lane instead (a swerve).
  let lookahead = Math.max(E.lookaheadMin, E.lookaheadGain * Math.max(st.v, v));
  let step = E.laneChangeSlope * lookahead;
  const room = gapInPath(st) - E.standOff * 0.5;
  if (Math.abs(target - pose.lateral) > E.laneChangeSlope * room) {
    lookahead = Math.max(E.swerveLookahead, Math.min(lookahead, room));
    step = Infinity;
  }
  const ref = pose.lateral + Math.min(step, Math.max(-step, target - pose.lateral));
  const p = pointOnLine(map, pose.s + lookahead, ref);
  const dx = p.x - st.x, dy = p.y - st.y;
  const c = Math.cos(st.yaw), s = Math.sin(st.yaw);
  const alpha = Math.atan2(-s * dx + c * dy, c * dx + s * dy);
  const curvature = (2 * Math.sin(alpha)) / Math.hypot(dx, dy);
  let wz = Math.max(-E.maxYawRate, Math.min(E.maxYawRate, Math.max(st.v, 0.5) * curvature));
  // Blocked at a standstill: turn on the spot towards the free lane until the way ahead
  // clears (the sweep then allows speed again), but never past square to the road.
  // Touching, or nearly: back off first, or the turn and the drive out stay blocked.
  const heading = wrapAngle(st.yaw - pose.heading);
  const side = Math.sign(target - pose.lateral);
  if (free < E.backOff && freeDistance(world, st.x, st.y, st.yaw + Math.PI, 1, E.sweepMargin) > 2 * E.backOff) {
    return { linear: { x: -E.backOffSpeed, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } };
  }
  if (v < 0.1 && free < E.standOff && side !== 0 && side * heading < 1.3) wz = side * E.spinRate;
  return { linear: { x: Math.min(v > 0.05 ? v : 0, ROVER_LIMITS.maxForward), y: 0, z: 0 }, angular: { x: 0, y: 0, z: wz } };
}
