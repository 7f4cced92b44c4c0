import { zeroTwist, type Twist } from '../ros/messages.ts';
import type { Broker } from './bridge/broker.ts';
import { readCmdVel } from './cmd-vel.ts';
import { PHYSICS_DT } from './world/base-world.ts';
import { createWorld } from './world/create-world.ts';
import { stampOf } from './world/ros-shapes.ts';
import type { World, WorldName } from './world/types.ts';
import { expertAction } from './expert/index.ts';

export const SIM_TOPICS = {
  cmdVel: '/cmd_vel',
  odom: '/odom',
  scan: '/scan',
  markers: '/world/markers',
  clock: '/clock',
  status: '/sim/status',
  /** The privileged expert's command for the current state: DAgger labels, the synthetic operator. */
  expert: '/sim/expert',
  /** Route features (lane offset, heading error, curvature / corridor equivalents). */
  route: '/sim/route',
} as const;

const TYPES: Record<string, string> = {
  [SIM_TOPICS.odom]: 'nav_msgs/Odometry',
  [SIM_TOPICS.scan]: 'sensor_msgs/LaserScan',
  [SIM_TOPICS.markers]: 'visualization_msgs/MarkerArray',
  [SIM_TOPICS.clock]: 'rosgraph_msgs/Clock',
  [SIM_TOPICS.status]: 'std_msgs/String',
  [SIM_TOPICS.expert]: 'geometry_msgs/Twist',
  [SIM_TOPICS.route]: 'std_msgs/Float32MultiArray',
};

/** Steps per publication at PHYSICS_DT = 5 ms: odom and clock at 50 Hz, scan at 10 Hz. */
const ODOM_EVERY = 4;
const SCAN_EVERY = 20;
/** Like diff_drive_controller: silence on /cmd_vel this long (sim time) stops the robot. */
export const CMD_TIMEOUT_S = 0.5;
const STATUS_PERIOD_MS = 200;

/**
 * The simulator as a node on the topic graph: it reads /cmd_vel, steps the world, and
 * publishes what a robot's drivers would, stamped in sim time.
 */
export class SimNode {
  private world: World;
  private paused = false;
  private cmd: Twist = zeroTwist();
  private cmdAt = -Infinity;
  private steps = 0;
  private lastStatusMs = -Infinity;
  private lastFlags = '';
  private badCmds = 0;
  private readonly stopListening: () => void;

  constructor(private readonly broker: Broker, world: WorldName, seed: number, private readonly speed: number, private readonly log: (line: string) => void) {
    this.world = createWorld(world, seed);
    for (const [topic, type] of Object.entries(TYPES)) broker.advertise(null, topic, type, topic === SIM_TOPICS.markers);
    this.stopListening = broker.listen(SIM_TOPICS.cmdVel, (msg) => this.onCmd(msg));
    this.publishWorld();
  }

  get current(): World {
    return this.world;
  }

  isPaused(): boolean {
    return this.paused;
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.publishStatus();
  }

  reset(seed?: number): void {
    this.world.reset(seed);
    this.publishWorld();
  }

  setWorld(name: WorldName, seed: number = this.world.seed): void {
    this.world = createWorld(name, seed);
    this.publishWorld();
  }

  step(): void {
    const live = this.world.time() - this.cmdAt <= CMD_TIMEOUT_S;
    this.world.step(PHYSICS_DT, live ? this.cmd : ZERO);
    this.steps++;
    const t = this.world.time();
    if (this.steps % ODOM_EVERY === 0) {
      if (this.broker.hasSubscribers(SIM_TOPICS.odom)) this.broker.publish(null, SIM_TOPICS.odom, this.world.odometry());
      if (this.broker.hasSubscribers(SIM_TOPICS.clock)) this.broker.publish(null, SIM_TOPICS.clock, { clock: stampOf(t) });
      if (this.broker.hasSubscribers(SIM_TOPICS.expert)) this.broker.publish(null, SIM_TOPICS.expert, expertAction(this.world));
      if (this.broker.hasSubscribers(SIM_TOPICS.route)) {
        this.broker.publish(null, SIM_TOPICS.route, { layout: { dim: [], data_offset: 0 }, data: this.world.routeFeatures() });
      }
    }
    if (this.steps % SCAN_EVERY === 0 && this.broker.hasSubscribers(SIM_TOPICS.scan)) {
      this.broker.publish(null, SIM_TOPICS.scan, this.world.scan());
    }
    // A collision or departure is news now, not at the next status period.
    const s = this.world.status();
    const flags = `${s.collisions}/${s.departures}/${s.inCollision}/${s.offRoad}`;
    if (flags !== this.lastFlags) this.publishStatus();
  }

  /** Called every loop wake-up with the clock's ms; status goes out at 5 Hz of wall time. */
  tick(nowMs: number): void {
    if (nowMs - this.lastStatusMs >= STATUS_PERIOD_MS) {
      this.lastStatusMs = nowMs;
      this.publishStatus();
    }
  }

  dispose(): void {
    this.stopListening();
  }

  private onCmd(msg: unknown): void {
    const cmd = readCmdVel(msg);
    if ('error' in cmd) {
      if (++this.badCmds <= 10) this.log(`sim: ignored /cmd_vel: ${cmd.error}`);
      return;
    }
    this.cmd = cmd;
    this.cmdAt = this.world.time();
  }

  private publishWorld(): void {
    this.cmd = zeroTwist();
    this.cmdAt = -Infinity;
    this.steps = 0;
    this.broker.publish(null, SIM_TOPICS.markers, this.world.markers(), true);
    this.publishStatus();
  }

  private publishStatus(): void {
    const s = this.world.status();
    this.lastFlags = `${s.collisions}/${s.departures}/${s.inCollision}/${s.offRoad}`;
    if (!this.broker.hasSubscribers(SIM_TOPICS.status)) return;
    const data = { world: this.world.name, seed: this.world.seed, time: this.world.time(), paused: this.paused, speed: this.speed, ...s };
    this.broker.publish(null, SIM_TOPICS.status, { data: JSON.stringify(data) });
  }
}

const ZERO: Twist = zeroTwist();
