/**
 * The policy's observation vector, built from what a robot reports over ROS: body
 * velocities from odometry, a laser scan reduced to sectors, and route features where
 * the world provides them. It runs on every control tick, so `fill` allocates nothing
 * and the same inputs always give the same numbers.
 *
 * Layout: vx, vy, vz, wz (odometry twist, body frame, m/s and rad/s), then
 * scan_0 .. scan_{N-1} (0..1, see observation-scan.ts), then the three route features
 * (see ROUTE_FIELDS) when `useRoute` is set. Missing inputs read as "nothing known":
 * zero velocity, an empty scan (all ones), zero route features.
 */
import type { WorldName } from '../app/contract.ts';
import type { Twist } from '../ros/messages.ts';
import { ROUTE_LENGTH } from './observation-route.ts';
import { writeScanSectors, type ScanInput } from './observation-scan.ts';

export { sectorAngle, type ScanInput } from './observation-scan.ts';
export { readRouteStatus, ROUTE_LENGTH } from './observation-route.ts';

export const VELOCITY_FIELDS = ['vx', 'vy', 'vz', 'wz'] as const;

/** Names of World.routeFeatures() for each simulated world, in its order. */
export const ROUTE_FIELDS: Readonly<Record<WorldName, readonly string[]>> = {
  lane: ['lane_offset', 'lane_heading_error', 'lane_curvature_ahead'],
  forest: ['corridor_offset', 'corridor_heading_error', 'altitude_error'],
};
const GENERIC_ROUTE_FIELDS = ['route_0', 'route_1', 'route_2'] as const;

export interface ObservationConfig {
  /** Sectors the scan is reduced to (default 36, i.e. 10 degrees each). */
  scanSectors?: number;
  /** Append the world's route features (default false). */
  useRoute?: boolean;
  /** Names the route fields after the world; generic names when absent. */
  world?: WorldName | null;
}

export interface LatestSensors {
  /** Odometry twist (body frame); null before the first odometry. */
  twist: Twist | null;
  scan: ScanInput | null;
  /** World.routeFeatures() or readRouteStatus(/sim/status); null when unknown. */
  route?: readonly number[] | null;
}

export interface ObservationSpec {
  readonly fields: readonly string[];
  /** A fresh vector of `fields.length` numbers. */
  build(latest: LatestSensors): number[];
  /** The same numbers written into `out` (length >= fields.length), allocation-free. */
  fill(latest: LatestSensors, out: { [i: number]: number }): void;
}

const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function createObservationSpec(config: ObservationConfig = {}): ObservationSpec {
  const sectors = config.scanSectors ?? 36;
  if (!Number.isInteger(sectors) || sectors < 1 || sectors > 3600) throw new Error(`observation: scanSectors must be an integer in 1..3600, got ${sectors}`);
  const useRoute = config.useRoute ?? false;
  const routeNames = config.world ? ROUTE_FIELDS[config.world] : GENERIC_ROUTE_FIELDS;
  if (!routeNames) throw new Error(`observation: unknown world ${JSON.stringify(config.world)}`);
  const fields = Object.freeze([
    ...VELOCITY_FIELDS,
    ...Array.from({ length: sectors }, (_, i) => `scan_${i}`),
    ...(useRoute ? routeNames : []),
  ]);
  const scratch = new Float64Array(sectors);
  const scanAt = VELOCITY_FIELDS.length, routeAt = scanAt + sectors;

  const fill = (latest: LatestSensors, out: { [i: number]: number }): void => {
    const tw = latest.twist;
    out[0] = finite(tw?.linear?.x);
    out[1] = finite(tw?.linear?.y);
    out[2] = finite(tw?.linear?.z);
    out[3] = finite(tw?.angular?.z);
    writeScanSectors(latest.scan, sectors, out, scanAt, scratch);
    if (useRoute) {
      const r = latest.route;
      const ok = r && r.length === ROUTE_LENGTH;
      for (let k = 0; k < ROUTE_LENGTH; k++) out[routeAt + k] = ok ? finite(r[k]) : 0;
    }
  };
  return {
    fields,
    fill,
    build(latest) {
      const out = new Array<number>(fields.length);
      fill(latest, out);
      return out;
    },
  };
}
