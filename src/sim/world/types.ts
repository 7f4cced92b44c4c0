import type { WorldName } from '../../app/contract.ts';
import type { LaserScan, MarkerArray, Odometry, Twist } from '../../ros/messages.ts';

export type { WorldName };

export interface WorldStatus {
  /** Contacts with an obstacle, tree or the ground, counted once each. */
  collisions: number;
  /** Times the robot left the road or corridor, counted once each. */
  departures: number;
  inCollision: boolean;
  offRoad: boolean;
  /** Path length travelled, metres. */
  distance: number;
  /** Metres along the route from the start (negative behind it). */
  progress: number;
}

/**
 * A world stepped without IO or wall time, so experiments can run it headless and
 * faster than real time. The simulator server drives one of these on a fixed dt.
 */
export interface World {
  readonly name: WorldName;
  readonly seed: number;
  /** Rebuilds the layout (for `seed`, or the current seed) and puts the robot at the start. */
  reset(seed?: number): void;
  /** Advances sim time by `dtS` seconds, holding `cmd` (body frame; REP 103) throughout. */
  step(dtS: number, cmd: Twist): void;
  /** Sim time, seconds since the last reset. */
  time(): number;
  odometry(): Odometry;
  /** A fresh planar scan from the robot's current pose. */
  scan(): LaserScan;
  markers(): MarkerArray;
  status(): WorldStatus;
  /**
   * Route-relative features for policies: lane is [lateral offset from the road centre
   * (m, left +), heading error to the road (rad), road curvature 10 m ahead (1/m)];
   * forest is [lateral offset from the corridor centre (m), heading error (rad),
   * altitude error from the cruise height (m)].
   */
  routeFeatures(): number[];
}
