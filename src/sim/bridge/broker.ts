import type { Clock } from '../../base/clock.ts';
import { bridgeLimits, BudgetLedger, type BridgeLimits } from './budget.ts';
import { OutFrame, type Peer } from './peer.ts';
import { ClientSubscription } from './subscription.ts';

/** Who published or advertised: a client, or the simulator itself (null). */
type Owner = Peer | null;

interface TopicEntry {
  name: string;
  type: string | undefined;
  /** Keyed by peer id and the client's spelling of the name. */
  subs: Map<string, ClientSubscription>;
  listeners: Set<(msg: unknown) => void>;
  /** Advertisers and whether they latch. */
  publishers: Map<Owner, boolean>;
  latched: { owner: Owner; json: string } | null;
}

export type BrokerResult = { ok: true } | { ok: false; error: string };
const OK: BrokerResult = { ok: true };

export interface BrokerMemory {
  /** Bytes of queued and latched messages held for clients now. */
  retainedBytes: number;
  /** Queued messages dropped because a byte limit was reached, since start. */
  queueDrops: number;
}

/**
 * The topic graph: what any client (or the simulator) publishes reaches every
 * subscriber of that topic, as in a ROS graph. Latched topics reach late subscribers.
 * IO-free: clients are `Peer`s, time is the injected clock.
 */
export class Broker {
  private readonly topics = new Map<string, TopicEntry>();
  private readonly ledger: BudgetLedger;

  constructor(
    private readonly clock: Clock,
    private readonly onListenerError: (topic: string, e: unknown) => void = () => {},
    limits: Partial<BridgeLimits> = {},
  ) {
    this.ledger = new BudgetLedger(bridgeLimits(limits));
  }

  advertise(owner: Owner, topic: string, type: string | undefined, latch: boolean): BrokerResult {
    const entry = this.entry(topic);
    const typed = this.checkType(entry, type);
    if (!typed.ok) return this.collect(entry, typed);
    entry.publishers.set(owner, latch);
    return OK;
  }

  unadvertise(owner: Owner, topic: string): void {
    const entry = this.topics.get(topic);
    if (!entry) return;
    entry.publishers.delete(owner);
    if (entry.latched?.owner === owner) this.unlatch(entry);
    this.collect(entry, OK);
  }

  /** Serialises `msg` once and hands the same frame to every subscriber. */
  publish(owner: Owner, topic: string, msg: unknown, latch = false): BrokerResult {
    const existing = this.topics.get(topic);
    const latched = latch || (existing?.publishers.get(owner) ?? false);
    if (!latched && (!existing || (existing.subs.size === 0 && existing.listeners.size === 0))) return OK;
    const entry = existing ?? this.entry(topic);
    let json: string;
    try {
      json = JSON.stringify(msg);
    } catch (e) {
      return this.collect(entry, { ok: false, error: `publish to ${topic}: message cannot be serialised (${(e as Error).message})` });
    }
    const kept = latched ? this.latch(entry, owner, json) : OK;
    for (const listener of entry.listeners) {
      try {
        listener(msg);
      } catch (e) {
        this.onListenerError(topic, e);
      }
    }
    const frames = new Map<string, OutFrame>();
    for (const sub of entry.subs.values()) {
      let frame = frames.get(sub.wire);
      if (!frame) frames.set(sub.wire, (frame = publishFrame(sub.wire, json)));
      sub.deliver(frame);
    }
    return this.collect(entry, kept);
  }

  subscribe(peer: Peer, topic: string, wire: string, key: string, type: string | undefined, throttleMs: number, queueLength: number): BrokerResult {
    const entry = this.entry(topic);
    const typed = this.checkType(entry, type);
    if (!typed.ok) return this.collect(entry, typed);
    const subKey = `${peer.id}:${wire}`;
    let sub = entry.subs.get(subKey);
    const fresh = !sub;
    if (!sub) entry.subs.set(subKey, (sub = new ClientSubscription(peer, wire, this.clock, this.ledger.of(peer), this.ledger.limits.queueBytes)));
    sub.add(key, throttleMs, queueLength);
    if (fresh && entry.latched) sub.deliver(publishFrame(wire, entry.latched.json));
    return OK;
  }

  /** Without `key`, removes every subscription this client holds on the topic. */
  unsubscribe(peer: Peer, topic: string, wire: string, key: string | undefined): void {
    const entry = this.topics.get(topic);
    if (!entry) return;
    for (const [subKey, sub] of entry.subs) {
      if (sub.peer !== peer || (key !== undefined && sub.wire !== wire)) continue;
      if (sub.remove(key)) entry.subs.delete(subKey);
    }
    this.collect(entry, OK);
  }

  /** An in-process subscriber (the simulator's own /cmd_vel reader). */
  listen(topic: string, listener: (msg: unknown) => void): () => void {
    const entry = this.entry(topic);
    entry.listeners.add(listener);
    return () => {
      entry.listeners.delete(listener);
      this.collect(entry, OK);
    };
  }

  hasSubscribers(topic: string): boolean {
    const entry = this.topics.get(topic);
    return !!entry && (entry.subs.size > 0 || entry.listeners.size > 0);
  }

  /** Forgets everything a client held: its subscriptions, advertisements and latched messages. */
  dropPeer(peer: Peer): void {
    for (const entry of [...this.topics.values()]) {
      for (const [subKey, sub] of entry.subs) {
        if (sub.peer !== peer) continue;
        sub.dispose();
        entry.subs.delete(subKey);
      }
      entry.publishers.delete(peer);
      if (entry.latched?.owner === peer) this.unlatch(entry);
      this.collect(entry, OK);
    }
    this.ledger.forget(peer);
  }

  memory(): BrokerMemory {
    return { retainedBytes: this.ledger.retainedBytes, queueDrops: this.ledger.queueDrops };
  }

  list(): Array<{ topic: string; type: string }> {
    return [...this.topics.values()].map((e) => ({ topic: e.name, type: e.type ?? '' })).sort((a, b) => a.topic.localeCompare(b.topic));
  }

  dispose(): void {
    for (const entry of this.topics.values()) {
      for (const sub of entry.subs.values()) sub.dispose();
      this.unlatch(entry);
    }
    this.topics.clear();
  }

  private entry(topic: string): TopicEntry {
    let entry = this.topics.get(topic);
    if (!entry) {
      entry = { name: topic, type: undefined, subs: new Map(), listeners: new Set(), publishers: new Map(), latched: null };
      this.topics.set(topic, entry);
    }
    return entry;
  }

  private checkType(entry: TopicEntry, type: string | undefined): BrokerResult {
    if (type === undefined) return OK;
    if (entry.type === undefined) entry.type = type;
    else if (entry.type !== type) return { ok: false, error: `topic ${entry.name} already has type ${entry.type}, not ${type}` };
    return OK;
  }

  /**
   * Keeps `json` for late subscribers, within the owner's limits; a refused latch also
   * forgets the one it replaces, which late subscribers would otherwise get as current.
   * The simulator's own latches (owner null) are trusted and not counted.
   */
  private latch(entry: TopicEntry, owner: Owner, json: string): BrokerResult {
    this.unlatch(entry);
    if (owner === null) {
      entry.latched = { owner, json };
      return OK;
    }
    const { latchBytes } = this.ledger.limits;
    const budget = this.ledger.of(owner);
    const refused = `publish to ${entry.name}: delivered but not latched:`;
    if (json.length > latchBytes) {
      return { ok: false, error: `${refused} the message has ${json.length} bytes, over the ${latchBytes}-byte latch limit` };
    }
    if (!budget.fits(json.length)) {
      return { ok: false, error: `${refused} its ${json.length} bytes would take this client past its ${budget.limit}-byte budget (${budget.bytes} held)` };
    }
    budget.take(json.length);
    entry.latched = { owner, json };
    return OK;
  }

  private unlatch(entry: TopicEntry): void {
    const old = entry.latched;
    if (!old) return;
    entry.latched = null;
    if (old.owner) this.ledger.of(old.owner).release(old.json.length);
  }

  /** Drops a topic nobody uses any more, so its type can change, as in a ROS graph. */
  private collect(entry: TopicEntry, result: BrokerResult): BrokerResult {
    if (entry.subs.size === 0 && entry.listeners.size === 0 && entry.publishers.size === 0 && !entry.latched) {
      this.topics.delete(entry.name);
    }
    return result;
  }
}

function publishFrame(wire: string, json: string): OutFrame {
  return new OutFrame(`{"op":"publish","topic":${JSON.stringify(wire)},"msg":${json}}`);
}
