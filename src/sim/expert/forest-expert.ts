/**
 * The privileged forest expert: it knows every trunk. It holds the cruise altitude and
 * a heading along the corridor, plans a lateral path through the trees ahead (see
 * forest-planner.ts) from where its momentum will carry it, and flies towards a point
 * on that plan, slowing where the plan is tight or blocked.
 */
import { yawOf, type Twist } from '../../ros/messages.ts';
import { FOREST } from '../world/forest-layout.ts';
import { FOREST_FLIGHT, type ForestWorld } from '../world/forest-world.ts';
import type { Circle } from '../world/geometry.ts';
import { planCorridor, PLANNER } from './forest-planner.ts';

export const FOREST_EXPERT = {
  speed: 1.8,
  /** Seconds of momentum assumed when planning (the autopilot's lag). */
  lead: 0.3,
  /** Columns ahead of the plan's start the drone steers at. */
  aimColumn: 3,
  /** Speed where the path's clearance is below the planner's comfort. */
  tightSpeed: 1.0,
  brake: 1.5,
  endStop: 15,
} as const;

export interface DroneView { x: number; y: number; z: number; yaw: number; vxWorld: number; vyWorld: number }

export function droneView(world: ForestWorld): DroneView {
  const odom = world.odometry();
  const { x, y, z } = odom.pose.pose.position;
  const yaw = yawOf(odom.pose.pose.orientation);
  const v = odom.twist.twist.linear;
  const c = Math.cos(yaw), s = Math.sin(yaw);
  return { x, y, z, yaw, vxWorld: c * v.x - s * v.y, vyWorld: s * v.x + c * v.y };
}

/** Trunks whose x lies in [from, to]. */
export function treesBetween(world: ForestWorld, from: number, to: number): Circle[] {
  return world.treeList().filter((t) => t.x + t.r >= from && t.x - t.r <= to);
}

const clamp = (v: number, m: number): number => Math.max(-m, Math.min(m, v));

export function forestExpertAction(world: ForestWorld): Twist {
  const E = FOREST_EXPERT;
  const d = droneView(world);
  const x0 = d.x + d.vxWorld * E.lead, y0 = d.y + d.vyWorld * E.lead;
  const horizon = PLANNER.dx * (PLANNER.columns - 1);
  const plan = planCorridor(treesBetween(world, x0 - 3, x0 + horizon + 3), x0, y0);

  let speed: number = E.speed;
  const free = (plan.reached - 1) * PLANNER.dx;
  if (plan.reached < PLANNER.columns) speed = Math.min(speed, Math.sqrt(2 * E.brake * Math.max(0, free - 1)));
  for (let c = 1; c <= Math.min(plan.reached - 1, 8); c++) {
    if ((plan.minClearance[c] as number) < PLANNER.comfort * 0.6) speed = Math.min(speed, E.tightSpeed);
  }
  speed = Math.min(speed, Math.sqrt(2 * E.brake * Math.max(0, FOREST.xMax - E.endStop - d.x)));

  // Aim at a plan point; the lateral correction from the lead point back to the drone
  // is part of the direction, so drift is corrected too.
  const aim = Math.min(E.aimColumn, Math.max(1, plan.reached - 1));
  const ax = x0 + aim * PLANNER.dx - d.x, ay = (plan.ys[aim] as number) - d.y;
  const len = Math.hypot(ax, ay);
  let vx = (speed * ax) / len, vy = (speed * ay) / len;
  if (speed < 0.2) {
    // Blocked: stop going forward, slide towards the plan's first free row.
    vx = 0;
    vy = clamp(2 * ((plan.ys[1] as number) - d.y), 0.5);
  }
  const c = Math.cos(d.yaw), s = Math.sin(d.yaw);
  return {
    linear: { x: c * vx + s * vy, y: -s * vx + c * vy, z: clamp(1.5 * (FOREST_FLIGHT.cruise - d.z), 1) },
    angular: { x: 0, y: 0, z: clamp(-2 * d.yaw, 1) },
  };
}
