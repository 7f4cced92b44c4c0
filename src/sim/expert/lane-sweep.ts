/**
 * How far the rover can drive straight on before its footprint touches an obstacle:
 * the footprint is swept along its heading in short steps and tested with the world's
 * own overlap test, so a rover angled out of its lane is judged as it really is.
 */
import { makeBox, overlaps } from '../world/geometry.ts';
import type { LaneWorld } from '../world/lane-world.ts';
import { ROVER_HALF } from '../world/rover.ts';

const STEP = 0.1;

/** Metres (a multiple of 0.1, 0 when already touching) or Infinity beyond `maxD`. */
export function freeDistance(world: LaneWorld, x: number, y: number, yaw: number, maxD: number, margin: number): number {
  const reach = maxD + ROVER_HALF.x + 3;
  const near = world.obstacleBoxes().filter((b) => Math.abs(b.x - x) < reach && Math.abs(b.y - y) < reach);
  if (near.length === 0) return Infinity;
  const c = Math.cos(yaw), s = Math.sin(yaw);
  for (let i = 0; i * STEP <= maxD; i++) {
    const d = i * STEP;
    const footprint = makeBox(x + d * c, y + d * s, yaw, ROVER_HALF.x, ROVER_HALF.y);
    if (near.some((b) => overlaps(footprint, b, margin))) return Math.max(0, d - STEP);
  }
  return Infinity;
}
