import type { Clock } from '../../src/base/clock.ts';

/** A clock that only moves when told to; timers fire in due order during `advance`. */
export class FakeClock implements Clock {
  private t = 0;
  private seq = 0;
  private timers: Array<{ due: number; seq: number; fn: () => void }> = [];

  constructor(private readonly epochAtZero = 1_700_000_000_000) {}

  now(): number {
    return this.t;
  }

  wallMs(): number {
    return this.epochAtZero + this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { due: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  /** Moves time forward by `ms`, firing each timer at its due time. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.due > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.due);
      next.fn();
    }
    this.t = end;
  }

  pending(): number {
    return this.timers.length;
  }
}
