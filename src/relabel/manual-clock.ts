/**
 * A clock that moves only when told to, for running the real calibration against a
 * synthetic responder faster than real time (the core may not import the test fakes).
 */
import type { Clock } from '../base/clock.ts';

export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Array<{ due: number; seq: number; fn: () => void }> = [];

  now(): number {
    return this.t;
  }

  wallMs(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { due: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((x) => x !== timer); };
  }

  /** Jumps to the next timer and runs it; false when none is pending. */
  runNext(): boolean {
    this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    const next = this.timers.shift();
    if (!next) return false;
    this.t = Math.max(this.t, next.due);
    next.fn();
    return true;
  }
}
