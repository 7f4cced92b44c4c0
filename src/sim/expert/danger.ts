/**
 * How close the robot is to trouble, as a watching operator would judge it: time to
 * collision at the current velocity, and the margin left before leaving the road or
 * corridor. The synthetic operator's gate thresholds these.
 */
import { FOREST } from '../world/forest-layout.ts';
import { FOREST_FLIGHT, ForestWorld } from '../world/forest-world.ts';
import { wrapAngle } from '../world/geometry.ts';
import { LANE, LaneWorld } from '../world/lane-world.ts';
import { DRONE_RADIUS } from '../world/quadrotor.ts';
import { ROVER_HALF } from '../world/rover.ts';
import type { World } from '../world/types.ts';
import { droneView, treesBetween } from './forest-expert.ts';
import { laneState } from './lane-expert.ts';
import { freeDistance } from './lane-sweep.ts';

export interface Danger {
  /** Seconds to contact holding the current velocity; Infinity when nothing is ahead. */
  ttcS: number;
  /** Metres left before a departure (road edge; corridor side, ground or ceiling). */
  marginM: number;
  /** Metres between the robot and the nearest obstacle or trunk, in any direction. */
  clearM: number;
  inContact: boolean;
}

/**
 * Time to collision assumes at least this speed: a robot stopped just short of an
 * obstacle is still in danger (it hits it as soon as it moves), and an operator would
 * not hand back control there.
 */
const MIN_SPEED = 0.5;
/** Extra radius around the airframe when judging a trunk ahead. */
const TREE_MARGIN = 0.15;

export function assessDanger(world: World): Danger {
  const inContact = world.status().inCollision;
  if (world instanceof LaneWorld) return { ...laneDanger(world), inContact };
  if (world instanceof ForestWorld) return { ...forestDanger(world), inContact };
  throw new Error(`assessDanger: no danger model for world ${JSON.stringify(world.name)}`);
}

function laneDanger(world: LaneWorld): Omit<Danger, 'inContact'> {
  const st = laneState(world);
  const e = wrapAngle(st.yaw - st.pose.heading);
  const reach = Math.abs(st.pose.lateral) + ROVER_HALF.x * Math.abs(Math.sin(e)) + ROVER_HALF.y * Math.abs(Math.cos(e));
  const ttcS = freeDistance(world, st.x, st.y, st.yaw, 10, 0.1) / Math.max(st.v, MIN_SPEED);
  // Footprint-to-box distance in road coordinates (boxes lie along the road).
  let clearM = Infinity;
  for (const o of st.map.obstacles) {
    const ds = Math.max(0, Math.abs(o.s - st.pose.s) - o.halfLength - ROVER_HALF.x);
    if (ds > clearM) continue;
    const dl = Math.max(0, Math.abs(o.lateral - st.pose.lateral) - o.halfWidth - ROVER_HALF.y);
    clearM = Math.min(clearM, Math.hypot(ds, dl));
  }
  return { ttcS, marginM: LANE.laneWidth - reach, clearM };
}

function forestDanger(world: ForestWorld): Omit<Danger, 'inContact'> {
  const d = droneView(world);
  const marginM = Math.min(FOREST.halfWidth - Math.abs(d.y), d.z - FOREST_FLIGHT.groundContact, FOREST_FLIGHT.ceiling - d.z);
  const moving = Math.hypot(d.vxWorld, d.vyWorld);
  // Slower than MIN_SPEED the direction is noise: judge along the heading instead.
  const ux = moving >= MIN_SPEED ? d.vxWorld / moving : Math.cos(d.yaw);
  const uy = moving >= MIN_SPEED ? d.vyWorld / moving : Math.sin(d.yaw);
  const speed = Math.max(moving, MIN_SPEED);
  let hit = Infinity, clearM = Infinity;
  // Only trunks within 12 m matter: beyond that the time to contact is long anyway.
  for (const t of treesBetween(world, d.x - 12, d.x + 12)) {
    const fx = t.x - d.x, fy = t.y - d.y;
    clearM = Math.min(clearM, Math.hypot(fx, fy) - t.r - DRONE_RADIUS);
    const along = fx * ux + fy * uy;
    if (along <= 0) continue;
    const r = t.r + DRONE_RADIUS + TREE_MARGIN;
    const across2 = fx * fx + fy * fy - along * along;
    if (across2 >= r * r) continue;
    hit = Math.min(hit, Math.max(0, along - Math.sqrt(r * r - across2)));
  }
  return { ttcS: hit / speed, marginM, clearM };
}
