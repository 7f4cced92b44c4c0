/**
 * Route features as the simulator reports them: std_msgs/String on /sim/status whose
 * `data` is JSON with a `route` array (World.routeFeatures(), three numbers). Wire data,
 * so validated here; anything else reads as unknown (null), never as zeros.
 */
import { isObject } from '../ros/messages.ts';

/** World.routeFeatures() has three numbers in both worlds. */
export const ROUTE_LENGTH = 3;

export function readRouteStatus(msg: unknown): number[] | null {
  if (!isObject(msg) || typeof msg.data !== 'string' || msg.data.length > 100_000) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(msg.data);
  } catch {
    return null;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.route) || parsed.route.length !== ROUTE_LENGTH) return null;
  const route = parsed.route as unknown[];
  return route.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (route as number[]) : null;
}
