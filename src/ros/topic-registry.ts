/**
 * The link's subscriptions and advertisements, kept across connections. Each connection
 * gets its own roslib Topic objects (with roslib's own re-send switched off): `bind` sends
 * every subscribe and advertise exactly once on a fresh connection, `unbind` forgets the
 * dead connection's objects without sending anything. Nothing is queued while down, so a
 * command published during an outage is dropped, never replayed later. Commands
 * (`dropWhenBacklogged`) are also dropped while the socket holds a backlog: a queued
 * command would reach the robot late, after newer ones were meant to replace it.
 */
import { Topic } from './roslib.ts';
import type { Ros } from './roslib.ts';
import type { ProblemSet } from '../base/problem.ts';
import { assertRosName, assertRosType } from './protocol.ts';

export interface SubscribeOptions {
  /** Minimum ms between messages, applied by the server (rosbridge `throttle_rate`). */
  throttleMs?: number;
  /** Server-side queue when throttled; 0 = unbounded (rosbridge `queue_length`). */
  queueLength?: number;
}

export interface AdvertiseOptions {
  latch?: boolean;
  /** Publisher queue on the server side (roslib's default is 100). */
  queueSize?: number;
  /**
   * A command stream (e.g. /cmd_vel): when the socket already holds more than the
   * link's backlog limit, `publish` drops the message and returns false, so no stale
   * command waits in a queue.
   */
  dropWhenBacklogged?: boolean;
}

export interface Publisher {
  readonly topic: string;
  /** Sends `msg` if the link is up (and, for commands, not backlogged); else drops it and returns false. */
  publish(msg: object): boolean;
  dispose(): void;
}

export interface RegistryHooks {
  handlerFailed(topic: string, err: unknown): void;
}

export interface BacklogOptions {
  /** Where dropped commands are reported (`link.backlog:<topic>`), timed by `now`. */
  problems: ProblemSet;
  now(): number;
  /** `dropWhenBacklogged` publishes are dropped while more than this is unsent (default 8 KiB). */
  maxBytes?: number;
}

/** The socket a bound connection writes to, as far as publishers need to know. */
export interface Outlet {
  isOpen(): boolean;
  /** Bytes handed to the socket that have not reached the network yet. */
  readonly bufferedBytes: number;
}

export const DEFAULT_MAX_BACKLOG_BYTES = 8 * 1024;
export const BACKLOG_PROBLEM = 'link.backlog';
/** Commands flowing this long again end the backlog warning (no flicker at the command rate). */
const BACKLOG_CLEAR_MS = 1000;

interface SubEntry {
  topic: string;
  type: string;
  handler: (msg: unknown) => void;
  options: SubscribeOptions;
  bound: Topic | null;
}

interface PubEntry {
  topic: string;
  type: string;
  options: AdvertiseOptions;
  bound: Topic | null;
}

export class TopicRegistry {
  private readonly subs = new Set<SubEntry>();
  private readonly pubs = new Set<PubEntry>();
  private ros: Ros | null = null;
  private outlet: Outlet | null = null;
  private readonly maxBacklogBytes: number;
  private dropped = 0;
  private lastDropAt = -Infinity;

  constructor(private readonly hooks: RegistryHooks, private readonly backlog: BacklogOptions) {
    this.maxBacklogBytes = backlog.maxBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    checkNonNegative('maxBacklogBytes', this.maxBacklogBytes);
  }

  /** Commands dropped because the socket was backlogged, since the last `resetDropCount`. */
  get droppedCommands(): number {
    return this.dropped;
  }

  resetDropCount(): void {
    this.dropped = 0;
  }

  /** Registers on a connection that is up: sends every subscribe and advertise once. */
  bind(ros: Ros, outlet: Outlet): void {
    this.ros = ros;
    this.outlet = outlet;
    for (const entry of this.pubs) this.bindPub(entry, ros);
    for (const entry of this.subs) this.bindSub(entry, ros);
  }

  /** The connection is gone (its Ros is discarded): nothing to send, just forget. */
  unbind(): void {
    this.ros = null;
    this.outlet = null;
    this.backlog.problems.clearPrefix(`${BACKLOG_PROBLEM}:`);
    for (const entry of this.subs) entry.bound = null;
    for (const entry of this.pubs) entry.bound = null;
  }

  subscribe(topic: string, type: string, handler: (msg: unknown) => void, options: SubscribeOptions = {}): () => void {
    assertRosName('topic', topic);
    assertRosType(type);
    if (typeof handler !== 'function') throw new TypeError(`subscribe(${topic}): handler must be a function`);
    checkNonNegative('throttleMs', options.throttleMs);
    checkNonNegative('queueLength', options.queueLength);
    const entry: SubEntry = { topic, type, handler, options: { ...options }, bound: null };
    this.subs.add(entry);
    if (this.ros) this.bindSub(entry, this.ros);
    return () => {
      if (!this.subs.delete(entry)) return;
      entry.bound?.unsubscribe();
      entry.bound = null;
    };
  }

  advertise(topic: string, type: string, options: AdvertiseOptions = {}): Publisher {
    assertRosName('topic', topic);
    assertRosType(type);
    checkNonNegative('queueSize', options.queueSize);
    const entry: PubEntry = { topic, type, options: { ...options }, bound: null };
    this.pubs.add(entry);
    if (this.ros) this.bindPub(entry, this.ros);
    return {
      topic,
      publish: (msg: object) => this.publish(entry, msg),
      dispose: () => {
        if (!this.pubs.delete(entry)) return;
        entry.bound?.unadvertise();
        entry.bound = null;
      },
    };
  }

  /** Topics with at least one subscription, in order of first subscription. */
  subscribedTopics(): string[] {
    return [...new Set([...this.subs].map((s) => s.topic))];
  }

  clear(): void {
    this.subs.clear();
    this.pubs.clear();
    this.ros = null;
    this.outlet = null;
  }

  private publish(entry: PubEntry, msg: object): boolean {
    const outlet = this.outlet;
    // Closing, or reset after a stall: report the drop; roslib must never hold a message for later.
    if (!entry.bound || !outlet?.isOpen()) return false;
    if (entry.options.dropWhenBacklogged && !this.commandMayGo(entry.topic, outlet)) return false;
    entry.bound.publish(msg);
    return true;
  }

  private commandMayGo(topic: string, outlet: Outlet): boolean {
    const key = `${BACKLOG_PROBLEM}:${topic}`;
    const now = this.backlog.now();
    if (outlet.bufferedBytes <= this.maxBacklogBytes) {
      if (now - this.lastDropAt >= BACKLOG_CLEAR_MS) this.backlog.problems.clear(key);
      return true;
    }
    this.dropped++;
    this.lastDropAt = now;
    this.backlog.problems.raise({
      key,
      severity: 'warning',
      message: `Dropping commands on ${topic}: the connection cannot keep up (over ${this.maxBacklogBytes} bytes unsent)`,
      hint: 'Commands are dropped rather than delivered late. Use a faster or closer network, and throttle heavy topics (scans, markers, images).',
    });
    return false;
  }

  private bindSub(entry: SubEntry, ros: Ros): void {
    const topic = new Topic({
      ros,
      name: entry.topic,
      messageType: entry.type,
      throttle_rate: entry.options.throttleMs ?? 0,
      queue_length: entry.options.queueLength ?? 0,
      reconnect_on_close: false,
    });
    topic.subscribe((msg: unknown) => {
      try {
        entry.handler(msg);
      } catch (err) {
        this.hooks.handlerFailed(entry.topic, err);
      }
    });
    entry.bound = topic;
  }

  private bindPub(entry: PubEntry, ros: Ros): void {
    const topic = new Topic({
      ros,
      name: entry.topic,
      messageType: entry.type,
      latch: entry.options.latch ?? false,
      queue_size: entry.options.queueSize ?? 100,
      reconnect_on_close: false,
    });
    topic.advertise();
    entry.bound = topic;
  }
}

function checkNonNegative(name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`${name} must be a finite number >= 0, got ${v}`);
}
