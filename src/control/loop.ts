import type { Clock } from '../base/clock.ts';
import { RecentSamples } from './samples.ts';
import { clockTimer, type DeadlineTimer } from './timer.ts';

export interface TickInfo {
  /** Index on the deadline grid since the last (re)start; skipped deadlines leave gaps. */
  n: number;
  deadline: number;
  actual: number;
  lateMs: number;
}

export interface LoopStats {
  ticks: number;
  /** Deadlines skipped because the loop fell more than a period behind. */
  overruns: number;
  /** |interval - period| between consecutive grid ticks, most recent last. */
  jitterMs: number[];
  /** How late each recent tick ran past its deadline. */
  lateMs: number[];
}

export interface LoopOptions {
  clock: Clock;
  tick: (info: TickInfo) => void;
  /** Defaults to the clock's own setTimeout; pass createPreciseTimer() on Node. */
  timer?: DeadlineTimer;
  hz?: number;
  /** How many recent samples stats() keeps. */
  history?: number;
}

/**
 * Calls `tick` at a fixed rate. Deadlines sit on a grid, start + n * period, so lateness
 * never accumulates; when the loop falls a whole period behind it skips to the next
 * future deadline (counting the skipped ones) instead of bursting to catch up.
 */
export class FixedRateLoop {
  private readonly clock: Clock;
  private readonly timer: DeadlineTimer;
  private readonly tickFn: (info: TickInfo) => void;
  private periodMs = 20;
  private start0 = 0;
  private n = 0;
  private cancel: (() => void) | null = null;
  private running = false;
  private disposed = false;
  private ticks = 0;
  private overruns = 0;
  private prev: { n: number; actual: number } | null = null;
  private readonly jitter: RecentSamples;
  private readonly late: RecentSamples;

  constructor(options: LoopOptions) {
    this.clock = options.clock;
    this.timer = options.timer ?? clockTimer(options.clock);
    this.tickFn = options.tick;
    this.jitter = new RecentSamples(options.history ?? 500);
    this.late = new RecentSamples(options.history ?? 500);
    this.setRate(options.hz ?? 50);
  }

  get hz(): number {
    return 1000 / this.periodMs;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts with a tick as soon as possible; no-op when already running. */
  start(): void {
    if (this.disposed) throw new Error('FixedRateLoop.start() after dispose()');
    if (this.running) return;
    this.running = true;
    this.anchor(this.clock.now());
  }

  stop(): void {
    this.running = false;
    this.cancel?.();
    this.cancel = null;
  }

  /** Takes effect from the next deadline: the grid is re-anchored there. */
  setRate(hz: number): void {
    if (!Number.isFinite(hz) || hz <= 0 || hz > 1000) throw new Error(`loop rate must be in (0, 1000] Hz, got ${hz}`);
    const oldPeriod = this.periodMs;
    this.periodMs = 1000 / hz;
    if (!this.running || oldPeriod === this.periodMs) return;
    this.cancel?.();
    const nextOld = this.start0 + this.n * oldPeriod;
    this.anchor(Math.max(this.clock.now(), nextOld));
  }

  stats(): LoopStats {
    return { ticks: this.ticks, overruns: this.overruns, jitterMs: this.jitter.values(), lateMs: this.late.values() };
  }

  resetStats(): void {
    this.ticks = 0;
    this.overruns = 0;
    this.jitter.clear();
    this.late.clear();
  }

  dispose(): void {
    this.stop();
    this.disposed = true;
  }

  private anchor(at: number): void {
    this.start0 = at;
    this.n = 0;
    this.prev = null;
    this.arm();
  }

  private arm(): void {
    const deadline = this.start0 + this.n * this.periodMs;
    this.cancel = this.timer.at(deadline, () => this.fire(deadline));
  }

  private fire(deadline: number): void {
    this.cancel = null;
    if (!this.running) return;
    const actual = this.clock.now();
    const info: TickInfo = { n: this.n, deadline, actual, lateMs: actual - deadline };
    this.record(info);
    try {
      this.tickFn(info);
    } finally {
      // Scheduled even when tick throws: a control loop must not die of one bad tick.
      if (this.running && this.cancel === null) this.scheduleAfter(info.n);
    }
  }

  private record(info: TickInfo): void {
    this.ticks++;
    this.late.push(info.lateMs);
    if (this.prev && this.prev.n === info.n - 1) this.jitter.push(Math.abs(info.actual - this.prev.actual - this.periodMs));
    this.prev = { n: info.n, actual: info.actual };
  }

  private scheduleAfter(n: number): void {
    let next = n + 1;
    const now = this.clock.now();
    if (this.start0 + next * this.periodMs < now) {
      // More than a period behind: do not burst through the missed deadlines.
      const due = Math.floor((now - this.start0) / this.periodMs) + 1;
      this.overruns += due - next;
      next = due;
    }
    this.n = next;
    this.arm();
  }
}
