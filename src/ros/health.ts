/**
 * Link quality for the HUD: round-trip time and per-topic rates and staleness.
 *
 * RTT is a loopback ping that any stock rosbridge_server carries without rosapi: the
 * link advertises and subscribes one app-private std_msgs/String topic and times each
 * publish until the server delivers it back. The data carries a per-session nonce, so
 * another client pinging on the same bridge is not mistaken for us. It measures the
 * whole path a command takes (socket, bridge, ROS publish and subscribe), not just TCP.
 * It is for the operator's eyes only: a stalled link is detected (and ended) by the
 * transport's WebSocket pings within `stallTimeoutMs`, long before these warnings.
 */
import type { Clock } from '../base/clock.ts';
import { randomUUID } from 'node:crypto';
import type { LinkHealth, TopicHealth } from '../app/contract.ts';
import type { RosLink } from './link.ts';
import { isObject } from './messages.ts';
import { TopicRates } from './rates.ts';
import type { RateOptions } from './rates.ts';
import type { Publisher } from './topic-registry.ts';

export interface HealthOptions {
  clock: Clock;
  pingTopic?: string;
  pingIntervalMs?: number;
  /** A ping unanswered this long counts as lost. */
  pingTimeoutMs?: number;
  /** How many recent round trips the median is taken over. */
  rttWindow?: number;
  /** Above this median the operator is warned: delay is felt from 100-200 ms. */
  slowRttMs?: number;
  nonce?: string;
  rates?: RateOptions;
}

export interface RttStats {
  lastMs: number | null;
  p50Ms: number | null;
  sent: number;
  lost: number;
}

export const HEALTH_PROBLEM = { ping: 'link.ping', rtt: 'link.rtt' } as const;
const LOST_IN_A_ROW_TO_WARN = 3;

export class RosHealth {
  private readonly clock: Clock;
  private readonly rates: TopicRates;
  private readonly pingTopic: string;
  private readonly interval: number;
  private readonly timeout: number;
  private readonly window: number;
  private readonly slowRttMs: number;
  private readonly nonce: string;
  private readonly publisher: Publisher;
  private readonly release: Array<() => void> = [];
  private readonly pending = new Map<number, number>();
  private readonly watched = new Set<string>();
  private recent: number[] = [];
  private seq = 0;
  private sent = 0;
  private lost = 0;
  private lostInARow = 0;
  private cancelTick: () => void;

  constructor(private readonly link: RosLink, options: HealthOptions) {
    this.clock = options.clock;
    this.rates = new TopicRates(() => this.clock.now(), options.rates);
    this.pingTopic = options.pingTopic ?? '/intervene/ping';
    this.interval = options.pingIntervalMs ?? 1000;
    this.timeout = options.pingTimeoutMs ?? 3000;
    this.window = options.rttWindow ?? 10;
    this.slowRttMs = options.slowRttMs ?? 200;
    this.nonce = options.nonce ?? randomUUID().slice(0, 8);
    if (!(this.interval > 0) || !(this.timeout > 0) || !(this.window >= 1)) {
      throw new RangeError(`RosHealth: bad ping settings ${JSON.stringify({ interval: this.interval, timeout: this.timeout, window: this.window })}`);
    }
    this.publisher = link.advertise(this.pingTopic, 'std_msgs/String');
    this.release.push(
      () => this.publisher.dispose(),
      link.subscribe(this.pingTopic, 'std_msgs/String', (msg) => this.onEcho(msg)),
      link.onDelivery((topic) => {
        if (topic !== this.pingTopic) this.rates.record(topic);
      }),
      link.onUp(() => this.rates.restart()),
      link.onDown(() => this.resetRtt()),
    );
    this.cancelTick = this.clock.setTimeout(() => this.tick(), this.interval);
  }

  /** Lists `topic` even before its first message; `expectedHz` fixes its expected rate. */
  watch(topic: string, expectedHz?: number): () => void {
    this.watched.add(topic);
    if (expectedHz !== undefined) this.rates.expect(topic, expectedHz);
    return () => {
      this.watched.delete(topic);
      this.rates.expect(topic, null);
    };
  }

  rtt(): RttStats {
    const sorted = [...this.recent].sort((a, b) => a - b);
    const p50 = sorted.length === 0 ? null : sorted[Math.ceil(sorted.length / 2) - 1] ?? null;
    return { lastMs: this.recent.at(-1) ?? null, p50Ms: p50, sent: this.sent, lost: this.lost };
  }

  /** Subscribed and watched topics, in that order, without the ping topic. */
  topics(): TopicHealth[] {
    const names = new Set([...this.link.subscribedTopics(), ...this.watched]);
    names.delete(this.pingTopic);
    const up = this.link.isUp;
    return [...names].map((topic) => this.rates.health(topic, up));
  }

  /** The link's state with RTT (median of recent pings) and topic health, as the HUD shows it. */
  snapshot(): LinkHealth {
    const s = this.link.state();
    return {
      status: s.status, url: s.url, rttMs: this.rtt().p50Ms, attempt: s.attempt,
      retryInMs: s.retryInMs, topics: this.topics(), lastError: s.lastError,
    };
  }

  dispose(): void {
    this.cancelTick();
    for (const release of this.release.splice(0).reverse()) release();
    this.link.problems.clear(HEALTH_PROBLEM.ping);
    this.link.problems.clear(HEALTH_PROBLEM.rtt);
  }

  private tick(): void {
    const now = this.clock.now();
    for (const [seq, at] of this.pending) {
      if (now - at < this.timeout) continue;
      this.pending.delete(seq);
      this.lost++;
      this.lostInARow++;
    }
    if (this.lostInARow >= LOST_IN_A_ROW_TO_WARN) {
      this.link.problems.raise({
        key: HEALTH_PROBLEM.ping,
        severity: 'warning',
        message: `No answer to the last ${this.lostInARow} loopback pings on ${this.pingTopic}: round-trip time unknown`,
        hint: 'The bridge may be overloaded, or it does not deliver a client\'s own publications back to it. Check that nothing else publishes on this topic.',
      });
    }
    if (this.link.isUp) {
      const seq = ++this.seq;
      this.pending.set(seq, now);
      if (this.publisher.publish({ data: `${this.nonce} ${seq}` })) this.sent++;
      else this.pending.delete(seq);
    }
    this.cancelTick = this.clock.setTimeout(() => this.tick(), this.interval);
  }

  private onEcho(msg: unknown): void {
    if (!isObject(msg) || typeof msg.data !== 'string') return;
    const [nonce, seqText] = msg.data.split(' ');
    if (nonce !== this.nonce) return;
    const seq = Number(seqText);
    const sentAt = this.pending.get(seq);
    if (sentAt === undefined) return; // late, lost already, or delivered twice
    this.pending.delete(seq);
    this.recent.push(this.clock.now() - sentAt);
    if (this.recent.length > this.window) this.recent.shift();
    this.lostInARow = 0;
    this.link.problems.clear(HEALTH_PROBLEM.ping);
    const p50 = this.rtt().p50Ms;
    if (p50 !== null && p50 > this.slowRttMs) {
      this.link.problems.raise({
        key: HEALTH_PROBLEM.rtt,
        severity: 'warning',
        message: `Round-trip time ${Math.round(p50)} ms (median of the last ${this.recent.length} pings): driving will feel sluggish`,
        hint: 'Remote driving suffers above about 200 ms. Use a wired or closer Wi-Fi link, and throttle heavy topics (scans, markers, images).',
      });
    } else {
      this.link.problems.clear(HEALTH_PROBLEM.rtt);
    }
  }

  private resetRtt(): void {
    this.pending.clear();
    this.recent = [];
    this.lostInARow = 0;
    this.link.problems.clear(HEALTH_PROBLEM.ping);
    this.link.problems.clear(HEALTH_PROBLEM.rtt);
  }
}
