/**
 * Privileged experts for the simulated worlds: they read the world's true state (the
 * road, every obstacle and trunk), which no policy sees. They label DAgger data and
 * drive the synthetic operator.
 */
import type { Twist } from '../../ros/messages.ts';
import { ForestWorld } from '../world/forest-world.ts';
import { LaneWorld } from '../world/lane-world.ts';
import type { World } from '../world/types.ts';
import { twistToAction } from './action.ts';
import { forestExpertAction } from './forest-expert.ts';
import { laneExpertAction } from './lane-expert.ts';

/** The expert's command for the world's current state (body frame, REP 103). */
export function expertAction(world: World): Twist {
  if (world instanceof LaneWorld) return laneExpertAction(world);
  if (world instanceof ForestWorld) return forestExpertAction(world);
  throw new Error(`expertAction: no expert for world ${JSON.stringify(world.name)}`);
}

/** expertAction in ACTION_FIELDS order, as frames record it. */
export function expertActionArray(world: World): number[] {
  return twistToAction(expertAction(world));
}
