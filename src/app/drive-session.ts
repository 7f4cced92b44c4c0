import type { Clock } from '../base/clock.ts';
import { DisposableStore } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import type { ProblemSet } from '../base/problem.ts';
import { Controller, type ControlState } from '../control/controller.ts';
import type { DeadlineTimer } from '../control/timer.ts';
import type { InputHub } from '../input/hub.ts';
import { mapPad } from '../input/mapping.ts';
import {
  isObject, parseLaserScan, parseMarkerArray, parseOdometry, parseTwist,
  type MarkerArray, type Pose, type ScanView, type Twist,
} from '../ros/messages.ts';
import { RosHealth } from '../ros/health.ts';
import { RosLink } from '../ros/link.ts';
import type { SentInfo } from '../ros/transport.ts';
import type { LinkHealth, RobotProfile } from './contract.ts';

export interface DriveSessionOptions {
  clock: Clock;
  profile: RobotProfile;
  url: string;
  hub: InputHub;
  problems: ProblemSet;
  timer?: DeadlineTimer;
  /** The built-in simulator's extra topics: status (sim time), expert labels, route features. */
  sim?: { status: string; expert: string; route: string };
  /** The link's clock when the session runs on a sped-up one (liveness must be judged in real time). */
  linkClock?: Clock;
  onScan(scan: ScanView): void;
  onMarkers(markers: MarkerArray): void;
}

const SCAN_THROTTLE_MS = 100;

/**
 * One connection to one robot (or the simulator) under one profile: the link, its health,
 * the subscriptions the view needs, and the controller that owns /cmd_vel. Disposing it
 * sends a final zero while the link is still up, then closes everything.
 */
export class DriveSession {
  readonly link: RosLink;
  readonly controller: Controller;
  private readonly health: RosHealth;
  private readonly store = new DisposableStore();
  private pose: Pose | null = null;
  private twist: Twist | null = null;
  private simTime: number | null = null;
  private readonly watched = new Set<string>();
  private readonly rawEmitter = new Emitter<RawMessage>();
  /** The newest of each input the observation is built from. */
  readonly sensors: Sensors = { twist: null, scan: null, route: null, expert: null, collisions: null, departures: null };
  private readonly cmd;

  constructor(private readonly opts: DriveSessionOptions) {
    const { clock, profile, problems, hub } = opts;
    hub.setEnableButton(profile.mapping.enable_button);
    this.link = this.store.add(new RosLink({ clock: opts.linkClock ?? clock, problems }));
    this.health = this.store.add(new RosHealth(this.link, { clock }));
    // Commands that cannot leave at once are dropped, never queued: a stale command is worse than none.
    this.cmd = this.store.add(this.link.advertise(profile.cmdTopic, profile.cmdType, { dropWhenBacklogged: true }));
    const stamped = profile.cmdType === 'geometry_msgs/TwistStamped';
    this.controller = new Controller({
      clock,
      timer: opts.timer,
      problems,
      config: {
        rateHz: profile.rateHz,
        limits: profile.limits,
        onRelease: profile.onRelease,
        inputTimeoutMs: profile.inputTimeoutMs,
      },
      readOperator: () => {
        const input = hub.current(clock.now());
        return input ? { command: mapPad(input.state, profile.mapping), ageMs: input.ageMs, sourceId: input.sourceId, engagedAt: input.engagedAt } : null;
      },
      linkUp: () => this.link.isUp,
      publish: (t) => {
        // A zero stamp: robots replace it with their own clock (diff_drive_controller does),
        // so the laptop's clock can neither stretch nor defeat the robot's command timeout.
        const msg = stamped ? { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'base_link' }, twist: t } : t;
        if (this.cmd.publish(msg)) this.rawEmitter.fire({ topic: profile.cmdTopic, type: profile.cmdType, msg });
      },
    });
    this.store.add(() => this.controller.dispose());
    this.store.add(hub.onChange(() => this.controller.onInput()));
    this.store.add(this.link.onDown((info) => {
      if (!info.expected) this.controller.linkLost();
    }));
    this.subscribeAll();
    this.link.connect(opts.url);
    this.controller.start();
  }

  private subscribeAll(): void {
    const { profile } = this.opts;
    this.store.add(this.link.subscribe(profile.odomTopic, 'nav_msgs/Odometry', (m) => {
      const odom = parseOdometry(m);
      if (odom) {
        this.pose = odom.pose;
        this.twist = odom.twist;
        this.sensors.twist = odom.twist;
        this.rawEmitter.fire({ topic: profile.odomTopic, type: 'nav_msgs/Odometry', msg: m });
      }
    }));
    this.watch(profile.odomTopic);
    if (profile.scanTopic) {
      this.store.add(this.link.subscribe(profile.scanTopic, 'sensor_msgs/LaserScan', (m) => {
        const scan = parseLaserScan(m);
        if (scan) {
          this.sensors.scan = scan;
          this.opts.onScan(scan);
          this.rawEmitter.fire({ topic: profile.scanTopic, type: 'sensor_msgs/LaserScan', msg: m });
        }
      }, { throttleMs: SCAN_THROTTLE_MS, queueLength: 1 }));
      this.watch(profile.scanTopic);
    }
    if (profile.markersTopic) {
      this.store.add(this.link.subscribe(profile.markersTopic, 'visualization_msgs/MarkerArray', (m) => {
        const markers = parseMarkerArray(m);
        if (markers) this.opts.onMarkers(markers);
      }));
    }
    const sim = this.opts.sim;
    if (sim) {
      this.store.add(this.link.subscribe(sim.status, 'std_msgs/String', (m) => {
        const status = simStatusOf(m);
        if (!status) return;
        this.simTime = status.time ?? this.simTime;
        if (status.collisions !== null) this.sensors.collisions = status.collisions;
        if (status.departures !== null) this.sensors.departures = status.departures;
      }));
      this.store.add(this.link.subscribe(sim.expert, 'geometry_msgs/Twist', (m) => {
        this.sensors.expert = parseTwist(m) ?? this.sensors.expert;
      }));
      this.store.add(this.link.subscribe(sim.route, 'std_msgs/Float32MultiArray', (m) => {
        const data = isObject(m) && Array.isArray(m.data) ? m.data.filter((v): v is number => typeof v === 'number') : null;
        if (data) this.sensors.route = data;
      }));
    }
  }

  /** Streams whose silence means trouble; latched ones (world markers) are not judged. */
  private watch(topic: string): void {
    this.watched.add(topic);
    this.store.add(this.health.watch(topic));
  }

  control(): ControlState {
    return this.controller.state();
  }

  linkHealth(): LinkHealth {
    const h = this.health.snapshot();
    return { ...h, topics: h.topics.filter((t) => this.watched.has(t.topic)) };
  }

  view(): { pose: Pose | null; twist: Twist | null; simTime: number | null } {
    return { pose: this.pose, twist: this.twist, simTime: this.simTime };
  }

  /** Raw messages worth recording: odometry and scans received, commands sent. */
  onRaw(listener: (raw: RawMessage) => void): () => void {
    return this.rawEmitter.on(listener);
  }

  rttMs(): number | null {
    return this.health.rtt().p50Ms;
  }

  onSent(listener: (info: SentInfo) => void): () => void {
    return this.link.onSent(listener);
  }

  callService(name: string, type: string, args: object): Promise<unknown> {
    return this.link.callService(name, type, args, 3000);
  }

  dispose(): void {
    // Leave the robot still: a zero goes out before the link closes.
    if (this.link.isUp && this.controller.state().command !== null) this.controller.estop();
    this.store.dispose();
    this.rawEmitter.dispose();
  }
}

export interface RawMessage {
  topic: string;
  type: string;
  msg: unknown;
}

export interface Sensors {
  twist: Twist | null;
  scan: ScanView | null;
  route: number[] | null;
  /** The simulator expert's command for the current state (DAgger labels). */
  expert: Twist | null;
  /** The simulator's running counts, for collision and departure events in the frames. */
  collisions: number | null;
  departures: number | null;
}

function simStatusOf(m: unknown): { time: number | null; collisions: number | null; departures: number | null } | null {
  if (!isObject(m) || typeof m.data !== 'string') return null;
  try {
    const s: unknown = JSON.parse(m.data);
    if (!isObject(s)) return null;
    const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return { time: n(s.time), collisions: n(s.collisions), departures: n(s.departures) };
  } catch {
    return null;
  }
}
