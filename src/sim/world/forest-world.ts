import type { LaserScan, MarkerArray, Odometry } from '../../ros/messages.ts';
import { BaseWorld, type Command } from './base-world.ts';
import { makeCircle, overlaps, wrapAngle } from './geometry.ts';
import { FOREST, plantTrees, type Tree } from './forest-layout.ts';
import { COLORS, deleteAllMarker, lineStrip, solid, type FullMarker } from './markers.ts';
import type { Rng } from './prng.ts';
import { DRONE_RADIUS, droneStep, type DroneState } from './quadrotor.ts';
import { laserScanMessage, odometryMessage, type BodyState } from './ros-shapes.ts';
import { castScan, DEFAULT_SCAN } from './scan.ts';
import { SpatialGrid } from './spatial-grid.ts';

export const FOREST_FLIGHT = {
  cruise: 1.5,
  ceiling: 6,
  /** At or below this height the airframe touches the ground. */
  groundContact: 0.02,
  contactMargin: 0.02,
  scanPeriodS: 0.1,
} as const;

/**
 * A quadrotor flying along a corridor of trees (after the drone DAgger work). Trees and
 * the ground are collisions; leaving the corridor's width or climbing past the ceiling
 * is a departure. It starts hovering at cruise height.
 */
export class ForestWorld extends BaseWorld {
  private trees!: SpatialGrid<Tree>;
  private drone!: DroneState;
  private cachedMarkers: FullMarker[] = [];

  constructor(seed: number) {
    super('forest', seed);
    this.reset(seed);
  }

  protected build(rng: Rng): void {
    this.trees = new SpatialGrid(plantTrees(rng), 8);
    this.drone = { x: 0, y: 0, z: FOREST_FLIGHT.cruise, yaw: 0, vx: 0, vy: 0, vz: 0, w: 0 };
    this.cachedMarkers = this.layoutMarkers();
  }

  protected advance(h: number, cmd: Command): void {
    const next = droneStep(this.drone, cmd, h);
    if (next.z < 0) { next.z = 0; next.vz = Math.max(0, next.vz); }
    if (this.hitsTree(next.x, next.y, 0)) {
      // Blocked sideways by a trunk; climbing, descending and turning still work.
      next.x = this.drone.x; next.y = this.drone.y; next.vx = 0; next.vy = 0;
    }
    this.drone = next;
  }

  protected body(): BodyState {
    const d = this.drone;
    const c = Math.cos(d.yaw), s = Math.sin(d.yaw);
    return { x: d.x, y: d.y, z: d.z, yaw: d.yaw, vx: c * d.vx + s * d.vy, vy: -s * d.vx + c * d.vy, vz: d.vz, wz: d.w };
  }

  protected contact(): boolean {
    return this.drone.z <= FOREST_FLIGHT.groundContact || this.hitsTree(this.drone.x, this.drone.y, FOREST_FLIGHT.contactMargin);
  }

  protected offRoute(): boolean {
    const d = this.drone;
    return Math.abs(d.y) > FOREST.halfWidth || d.z > FOREST_FLIGHT.ceiling || d.x < FOREST.xMin || d.x > FOREST.xMax;
  }

  protected progress(): number {
    return this.drone.x;
  }

  odometry(): Odometry {
    return odometryMessage(this.time(), this.body());
  }

  scan(): LaserScan {
    const d = this.drone;
    const near = this.trees.near(d.x, d.y, DEFAULT_SCAN.rangeMax + 1);
    return laserScanMessage(this.time(), castScan(d.x, d.y, d.yaw, near), DEFAULT_SCAN, FOREST_FLIGHT.scanPeriodS);
  }

  markers(): MarkerArray {
    return { markers: this.cachedMarkers };
  }

  routeFeatures(): number[] {
    const d = this.drone;
    return [d.y, wrapAngle(d.yaw), d.z - FOREST_FLIGHT.cruise];
  }

  /** The trunks, for tests and expert controllers. */
  treeList(): readonly Tree[] {
    return this.trees.shapes;
  }

  private hitsTree(x: number, y: number, margin: number): boolean {
    const body = makeCircle(x, y, DRONE_RADIUS);
    return this.trees.near(x, y, 1).some((t) => overlaps(body, t, margin));
  }

  private layoutMarkers(): FullMarker[] {
    const edge = (y: number): Array<{ x: number; y: number; z: number }> => [
      { x: FOREST.xMin, y, z: 0.05 },
      { x: FOREST.xMax, y, z: 0.05 },
    ];
    return [
      deleteAllMarker(),
      lineStrip('corridor', 0, edge(FOREST.halfWidth), COLORS.corridor, 0.15),
      lineStrip('corridor', 1, edge(-FOREST.halfWidth), COLORS.corridor, 0.15),
      ...this.trees.shapes.map((t, i) =>
        solid('trees', i, 'cylinder', { x: t.x, y: t.y, yaw: 0 }, { x: 2 * t.r, y: 2 * t.r, z: t.height }, COLORS.trunk)),
      solid('goal', 0, 'cylinder', { x: FOREST.xMax - 10, y: 0, yaw: 0 }, { x: 3, y: 3, z: 0.05 }, COLORS.goal),
    ];
  }
}
