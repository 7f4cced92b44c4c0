/**
 * Where a route counts as driven to its end: a little short of each world's goal, since
 * the expert stops before the goal marker rather than on it.
 */
import type { WorldName } from '../app/contract.ts';
import { LANE } from '../sim/index.ts';
import { FOREST } from '../sim/world/forest-layout.ts';

export const ROUTE_END_M: Readonly<Record<WorldName, number>> = {
  // Goal marker 10 m before the road's end; the expert stops 12 m before it.
  lane: LANE.roadLength - LANE.startS - 15,
  // Goal marker at xMax - 10; the expert stops 15 m before xMax.
  forest: FOREST.xMax - 20,
};

/**
 * Slowest average pace (m/s of progress) that still counts as driving for a full-time
 * episode: a policy that stands still avoids every obstacle and succeeds at nothing.
 */
export const MIN_SUCCESS_PACE = 0.5;
