/**
 * Per-topic receive rate over a sliding window, age of the last message, and staleness:
 * a topic is stale after max(3 expected periods, 1 s) without a message. The expected
 * period is configured, or learned from the gaps between messages. Pure; time comes in
 * through `now`.
 */
import type { TopicHealth } from '../app/contract.ts';

export interface RateOptions {
  windowMs?: number;
  /** Stale after this many expected periods of silence... */
  stalePeriods?: number;
  /** ...but never sooner than this. */
  minStaleMs?: number;
}

interface TopicState {
  /** Arrival times inside the window, oldest first. */
  times: number[];
  /** First arrival since the last restart; the window is still filling until it is W old. */
  firstAt: number | null;
  lastAt: number | null;
  learnedPeriodMs: number | null;
  expectedHz: number | null;
}

/** Weight of a new gap in the learned period. */
const LEARN = 0.2;
/** A single long gap (an outage) may at most double the learned period's step. */
const MAX_GAP_FACTOR = 2;
/** Bounds memory on a flooding topic. */
const MAX_SAMPLES = 10_000;

export class TopicRates {
  private readonly topics = new Map<string, TopicState>();
  private readonly windowMs: number;
  private readonly stalePeriods: number;
  private readonly minStaleMs: number;
  /** Silence is counted from here at the earliest (start, or the last reconnect). */
  private since: number;

  constructor(private readonly now: () => number, options: RateOptions = {}) {
    this.windowMs = options.windowMs ?? 2000;
    this.stalePeriods = options.stalePeriods ?? 3;
    this.minStaleMs = options.minStaleMs ?? 1000;
    this.since = now();
  }

  record(topic: string): void {
    const t = this.now();
    const s = this.state(topic);
    if (s.lastAt !== null && s.lastAt >= this.since) {
      const gap = t - s.lastAt;
      const p = s.learnedPeriodMs;
      s.learnedPeriodMs = p === null ? gap : p + LEARN * (Math.min(gap, MAX_GAP_FACTOR * p) - p);
    }
    s.firstAt ??= t;
    s.lastAt = t;
    s.times.push(t);
    if (s.times.length > MAX_SAMPLES) s.times.splice(0, s.times.length - MAX_SAMPLES);
    this.trim(s, t);
  }

  /** Fixes the expected rate of `topic` (null: learn it). */
  expect(topic: string, hz: number | null): void {
    if (hz !== null && !(hz > 0 && Number.isFinite(hz))) throw new RangeError(`expected rate of ${topic} must be > 0 Hz, got ${hz}`);
    this.state(topic).expectedHz = hz;
  }

  forget(topic: string): void {
    this.topics.delete(topic);
  }

  /** After a reconnect: silence counts from now, and the window fills afresh. */
  restart(): void {
    this.since = this.now();
    for (const s of this.topics.values()) {
      s.times = [];
      s.firstAt = null;
    }
  }

  health(topic: string, linkUp = true): TopicHealth {
    const t = this.now();
    const s = this.topics.get(topic);
    if (!s) return { topic, rateHz: 0, ageS: null, stale: true };
    this.trim(s, t);
    const ageS = s.lastAt === null ? null : (t - s.lastAt) / 1000;
    const silentMs = t - Math.max(s.lastAt ?? -Infinity, this.since);
    const stale = !linkUp || silentMs > this.staleAfter(s);
    return { topic, rateHz: this.rate(s, t), ageS, stale };
  }

  /** The silence after which `topic` counts as stale. */
  staleAfterMs(topic: string): number {
    const s = this.topics.get(topic);
    return s ? this.staleAfter(s) : this.minStaleMs;
  }

  private staleAfter(s: TopicState): number {
    const period = s.expectedHz !== null ? 1000 / s.expectedHz : s.learnedPeriodMs;
    return Math.max(this.minStaleMs, period === null ? 0 : this.stalePeriods * period);
  }

  private rate(s: TopicState, t: number): number {
    const n = s.times.length;
    if (s.firstAt !== null && t - s.firstAt < this.windowMs) {
      // Window still filling: count gaps between the messages seen so far.
      const first = s.times[0], last = s.times[n - 1];
      return n >= 2 && first !== undefined && last !== undefined && last > first ? ((n - 1) * 1000) / (last - first) : 0;
    }
    return (n * 1000) / this.windowMs;
  }

  private trim(s: TopicState, t: number): void {
    const cutoff = t - this.windowMs;
    let drop = 0;
    while (drop < s.times.length && (s.times[drop] as number) <= cutoff) drop++;
    if (drop > 0) s.times.splice(0, drop);
  }

  private state(topic: string): TopicState {
    let s = this.topics.get(topic);
    if (!s) {
      s = { times: [], firstAt: null, lastAt: null, learnedPeriodMs: null, expectedHz: null };
      this.topics.set(topic, s);
    }
    return s;
  }
}
