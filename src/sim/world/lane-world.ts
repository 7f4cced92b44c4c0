import type { LaserScan, MarkerArray, Odometry, Vector3 } from '../../ros/messages.ts';
import { BaseWorld, type Command } from './base-world.ts';
import { makeBox, overlaps, wrapAngle, type Box } from './geometry.ts';
import { COLORS, deleteAllMarker, lineStrip, solid, type FullMarker } from './markers.ts';
import type { Rng } from './prng.ts';
import { generateRoad, projectOnRoad, roadPoint, type Projection, type Road } from './road.ts';
import { laserScanMessage, odometryMessage, type BodyState } from './ros-shapes.ts';
import { ROVER_HALF, roverStep, type RoverState } from './rover.ts';
import { castScan, DEFAULT_SCAN } from './scan.ts';
import { SpatialGrid } from './spatial-grid.ts';

export const LANE = {
  laneWidth: 3.5,
  roadLength: 520,
  /** Station of the start line; the road runs this far behind it too. */
  startS: 20,
  obstacleGap: [20, 40],
  contactMargin: 0.02,
  scanPeriodS: 0.1,
} as const;

const HALF_WIDTH = LANE.laneWidth;
const RIGHT_LANE = -LANE.laneWidth / 2;

/**
 * A rover on a long two-lane road with boxes parked in one lane or the other every
 * 20-40 m (after the HG-DAgger driving task). It starts in the right lane.
 */
export class LaneWorld extends BaseWorld {
  private road!: Road;
  private obstacles!: SpatialGrid<Box>;
  private rover!: RoverState;
  private where!: Projection;
  private cachedMarkers: FullMarker[] = [];

  constructor(seed: number) {
    super('lane', seed);
    this.reset(seed);
  }

  protected build(rng: Rng): void {
    this.road = generateRoad(rng, { length: LANE.roadLength, straight: LANE.startS + 20, maxCurvature: 1 / 120 });
    // Shift the road so the rover starts at the odom origin, facing +x, as a real robot's odometry does.
    const origin = roadPoint(this.road, LANE.startS, RIGHT_LANE);
    for (let i = 0; i < this.road.xs.length; i++) {
      this.road.xs[i] = (this.road.xs[i] as number) - origin.x;
      this.road.ys[i] = (this.road.ys[i] as number) - origin.y;
    }
    const boxes: Box[] = [];
    const [gapMin, gapMax] = LANE.obstacleGap;
    for (let s = LANE.startS + rng.range(gapMin, gapMax); s < LANE.roadLength - 20; s += rng.range(gapMin, gapMax)) {
      const lateral = (rng.chance(0.5) ? RIGHT_LANE : -RIGHT_LANE) + rng.range(-0.25, 0.25);
      const p = roadPoint(this.road, s, lateral);
      boxes.push(makeBox(p.x, p.y, p.heading, rng.range(0.75, 2), rng.range(0.9, 1.2)));
    }
    this.obstacles = new SpatialGrid(boxes, 10);
    const start = roadPoint(this.road, LANE.startS, RIGHT_LANE);
    this.rover = { x: start.x, y: start.y, yaw: start.heading, v: 0, w: 0 };
    this.where = projectOnRoad(this.road, start.x, start.y, LANE.startS);
    this.cachedMarkers = this.layoutMarkers();
  }

  protected advance(h: number, cmd: Command): void {
    const next = roverStep(this.rover, cmd, h);
    if (!this.hits(next, 0)) {
      this.rover = next;
    } else {
      // Blocked: try turning on the spot, else stay put. Backing away is never blocked.
      const turned = { ...this.rover, yaw: next.yaw, w: next.w, v: 0 };
      this.rover = this.hits(turned, 0) ? { ...this.rover, v: 0, w: 0 } : turned;
    }
    this.where = projectOnRoad(this.road, this.rover.x, this.rover.y, this.where.index);
  }

  protected body(): BodyState {
    const r = this.rover;
    return { x: r.x, y: r.y, z: 0, yaw: r.yaw, vx: r.v, vy: 0, vz: 0, wz: r.w };
  }

  protected contact(): boolean {
    return this.hits(this.rover, LANE.contactMargin);
  }

  protected offRoute(): boolean {
    const { s, lateral, heading } = this.where;
    if (s < 0 || s > this.road.length) return true;
    const e = wrapAngle(this.rover.yaw - heading);
    // Lateral reach of the footprint's farthest corner.
    const reach = Math.abs(lateral) + ROVER_HALF.x * Math.abs(Math.sin(e)) + ROVER_HALF.y * Math.abs(Math.cos(e));
    return reach > HALF_WIDTH;
  }

  protected progress(): number {
    return this.where.s - LANE.startS;
  }

  odometry(): Odometry {
    return odometryMessage(this.time(), this.body());
  }

  scan(): LaserScan {
    const r = this.rover;
    const near = this.obstacles.near(r.x, r.y, DEFAULT_SCAN.rangeMax + 3);
    return laserScanMessage(this.time(), castScan(r.x, r.y, r.yaw, near), DEFAULT_SCAN, LANE.scanPeriodS);
  }

  markers(): MarkerArray {
    return { markers: this.cachedMarkers };
  }

  routeFeatures(): number[] {
    const { s, lateral, heading } = this.where;
    return [lateral, wrapAngle(this.rover.yaw - heading), roadPoint(this.road, s + 10).curvature];
  }

  /** The obstacles, for tests and expert controllers. */
  obstacleBoxes(): readonly Box[] {
    return this.obstacles.shapes;
  }

  private hits(r: RoverState, margin: number): boolean {
    const footprint = makeBox(r.x, r.y, r.yaw, ROVER_HALF.x, ROVER_HALF.y);
    return this.obstacles.near(r.x, r.y, 1).some((b) => overlaps(footprint, b, margin));
  }

  private layoutMarkers(): FullMarker[] {
    const line = (lateral: number): Vector3[] => {
      const points: Vector3[] = [];
      for (let s = 0; s <= this.road.length; s += 2) {
        const p = roadPoint(this.road, s, lateral);
        points.push({ x: p.x, y: p.y, z: 0.01 });
      }
      return points;
    };
    const goal = roadPoint(this.road, this.road.length - 10);
    return [
      deleteAllMarker(),
      lineStrip('road_edges', 0, line(HALF_WIDTH), COLORS.edge, 0.15),
      lineStrip('road_edges', 1, line(-HALF_WIDTH), COLORS.edge, 0.15),
      lineStrip('lane_lines', 0, line(0), COLORS.centre, 0.12),
      ...this.obstacles.shapes.map((b, i) => solid('obstacles', i, 'cube', b, { x: 2 * b.hx, y: 2 * b.hy, z: 1.2 }, COLORS.obstacle)),
      solid('goal', 0, 'cylinder', { x: goal.x, y: goal.y, yaw: 0 }, { x: 3, y: 3, z: 0.05 }, COLORS.goal),
    ];
  }
}
