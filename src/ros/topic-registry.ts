/**
 * The link's subscriptions and advertisements, kept across connections. Each connection
 * gets its own roslib Topic objects (with roslib's own re-send switched off): `bind` sends
 * every subscribe and advertise exactly once on a fresh connection, `unbind` forgets the
 * dead connection's objects without sending anything. Nothing is queued while down, so a
 * command published during an outage is dropped, never replayed later.
 */
import { Topic } from './roslib.ts';
import type { Ros } from './roslib.ts';
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
}

export interface Publisher {
  readonly topic: string;
  /** Sends `msg` if the link is up; returns false (and drops it) when it is not. */
  publish(msg: object): boolean;
  dispose(): void;
}

export interface RegistryHooks {
  handlerFailed(topic: string, err: unknown): void;
}

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

  constructor(private readonly hooks: RegistryHooks) {}

  /** Registers on a connection that is up: sends every subscribe and advertise once. */
  bind(ros: Ros): void {
    this.ros = ros;
    for (const entry of this.pubs) this.bindPub(entry, ros);
    for (const entry of this.subs) this.bindSub(entry, ros);
  }

  /** The connection is gone (its Ros is discarded): nothing to send, just forget. */
  unbind(): void {
    this.ros = null;
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
      publish: (msg: object) => {
        if (!entry.bound) return false;
        entry.bound.publish(msg);
        return true;
      },
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
