import { REPLAY_SPEEDS } from '../app/contract-replay.ts';
import type { Clock } from '../base/clock.ts';
import { lastAtOrBefore } from './growable.ts';

export interface LoopRange {
  from: number;
  to: number;
}

/**
 * The replay's transport: where in the episode we are, computed from the clock on every
 * call (anchor + elapsed x speed), so it never drifts from the clock and needs no timer.
 * Emits nothing; the owner polls `position()` as often as it draws.
 */
export class Playback {
  private anchorS = 0;
  private anchorMs: number;
  private isPlaying = false;
  private rate = 1;
  private range: LoopRange | null = null;

  constructor(private readonly clock: Clock, private readonly frameTimes: Float64Array, readonly durationS: number) {
    if (!(durationS >= 0) || !Number.isFinite(durationS)) throw new Error(`Playback: durationS must be a finite number >= 0, got ${durationS}`);
    this.anchorMs = clock.now();
  }

  get playing(): boolean {
    this.position();
    return this.isPlaying;
  }

  get speed(): number {
    return this.rate;
  }

  get loop(): LoopRange | null {
    return this.range ? { ...this.range } : null;
  }

  /** Episode seconds now. Reaching the end (no loop) clamps and pauses; inside a loop, `to` wraps to `from`. */
  position(): number {
    if (!this.isPlaying) return this.anchorS;
    const now = this.clock.now();
    let p = this.anchorS + ((now - this.anchorMs) / 1000) * this.rate;
    const loop = this.range;
    // The loop holds only a play that started before its end: seeking past it plays on to the episode's end.
    if (loop && this.anchorS < loop.to && p >= loop.to) {
      p = loop.from + ((p - loop.to) % (loop.to - loop.from));
      this.anchor(p, now);
    } else if (p >= this.durationS) {
      this.anchor(this.durationS, now);
      this.isPlaying = false;
      p = this.durationS;
    }
    return p;
  }

  /** The frame shown now: the last at or before the position (-1 before the first, or with none). */
  frameIndex(): number {
    return lastAtOrBefore(this.frameTimes, this.position());
  }

  play(): void {
    if (this.isPlaying) return;
    let p = this.anchorS;
    // Like any video player: play at the end starts again from the top (or the loop's start).
    if (this.range && (p < this.range.from || p >= this.range.to)) p = this.range.from;
    else if (!this.range && p >= this.durationS) p = 0;
    this.anchor(p, this.clock.now());
    this.isPlaying = true;
  }

  pause(): void {
    this.anchor(this.position(), this.clock.now());
    this.isPlaying = false;
  }

  seek(t: number): void {
    if (Number.isNaN(t)) throw new Error(`Playback.seek: t must be a number, got ${t}`);
    this.anchor(this.clamp(t), this.clock.now());
  }

  /** Moves `n` frames from the frame shown now (negative: back) and pauses there. */
  step(n: number): void {
    if (!Number.isInteger(n)) throw new Error(`Playback.step: n must be an integer, got ${n}`);
    const p = this.position();
    this.isPlaying = false;
    const count = this.frameTimes.length;
    if (count === 0) {
      this.anchor(p, this.clock.now());
      return;
    }
    const target = Math.min(count - 1, Math.max(0, lastAtOrBefore(this.frameTimes, p) + n));
    this.anchor(this.clamp(this.frameTimes[target]!), this.clock.now());
  }

  setSpeed(s: number): void {
    if (!(REPLAY_SPEEDS as readonly number[]).includes(s)) throw new Error(`Playback.setSpeed: ${s} is not one of ${REPLAY_SPEEDS.join(', ')}`);
    this.anchor(this.position(), this.clock.now());
    this.rate = s;
  }

  setLoop(range: LoopRange | null): void {
    if (range === null) {
      this.anchor(this.position(), this.clock.now());
      this.range = null;
      return;
    }
    const { from, to } = range;
    if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to > this.durationS || !(to > from)) {
      throw new Error(`Playback.setLoop: {from: ${from}, to: ${to}} is not a range within [0, ${this.durationS}] with from < to`);
    }
    const p = this.position();
    this.range = { from, to };
    // Setting a loop elsewhere jumps into it: the operator wants to watch that stretch.
    this.anchor(p < from || p >= to ? from : p, this.clock.now());
  }

  private anchor(t: number, nowMs: number): void {
    this.anchorS = t;
    this.anchorMs = nowMs;
  }

  private clamp(t: number): number {
    return Math.min(this.durationS, Math.max(0, t));
  }
}
