/**
 * Measures an operator's reaction time the way they will use it: a stimulus appears,
 * they push the stick. Each trial waits for the stick at rest, then a random foreperiod
 * (so the stimulus cannot be anticipated), then the stimulus; the first deflection past
 * half travel ends the trial.
 */
import type { OperatorInfo, ReactionState } from '../app/contract-replay.ts';
import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import { createRng, type Rng } from '../sim/world/prng.ts';

export const REST_LEVEL = 0.2;
export const PUSH_LEVEL = 0.5;
export const FOREPERIOD_MS: readonly [number, number] = [1000, 2500];
export const ANSWER_WINDOW_MS = 1500;
/** Faster than this is a guess, not a reaction to the stimulus. */
export const ANTICIPATION_MS = 100;
/** Fewer valid trials than this cannot give a reaction time worth using. */
export const MIN_VALID = 3;

type Phase = 'idle' | 'rest' | 'foreperiod' | 'stimulus' | 'done' | 'cancelled';

export interface ReactionOptions {
  /** Seeds the foreperiods (default: the wall clock, so operators cannot learn them). */
  seed?: number;
}

export class ReactionCalibration {
  private phase: Phase = 'idle';
  private operator = '';
  private trials = 0;
  private attempts = 0;
  private results: number[] = [];
  private message = 'Start the calibration to measure your reaction time.';
  private feedback = '';
  /** The stick's deflection in the last report; null before the first. */
  private level: number | null = null;
  private onset = 0;
  private cancelTimer: (() => void) | null = null;
  private readonly rng: Rng;
  private readonly changes = new Emitter<ReactionState>();

  constructor(private readonly clock: Clock, opts: ReactionOptions = {}) {
    this.rng = createRng(opts.seed ?? clock.wallMs());
  }

  onChange(listener: (state: ReactionState) => void): () => void {
    return this.changes.on(listener);
  }

  start(operator: string, trials = 12): void {
    if (!Number.isInteger(trials) || trials < MIN_VALID) throw new Error(`ReactionCalibration.start: trials must be an integer >= ${MIN_VALID}, got ${trials}`);
    this.stopTimer();
    this.operator = operator;
    this.trials = trials;
    this.attempts = 0;
    this.results = [];
    this.phase = 'rest';
    this.feedback = '';
    this.message = '';
    this.arm();
  }

  /** Call on every input report with the stick axes; the largest of axes 0..3 counts. */
  feed(axes: readonly number[]): void {
    let level = 0;
    for (let i = 0; i < 4 && i < axes.length; i++) {
      const v = Math.abs(axes[i] as number);
      if (Number.isFinite(v) && v > level) level = v;
    }
    this.level = level;
    if (this.phase === 'rest') this.arm();
    else if (this.phase === 'foreperiod' && level > PUSH_LEVEL) this.endAttempt('Too early.');
    else if (this.phase === 'stimulus' && level > PUSH_LEVEL) this.answer(this.clock.now() - this.onset);
  }

  cancel(): void {
    if (this.phase === 'idle' || this.phase === 'done' || this.phase === 'cancelled') return;
    this.stopTimer();
    this.phase = 'cancelled';
    this.message = 'Calibration cancelled.';
    this.emit();
  }

  state(): ReactionState {
    const valid = this.phase === 'cancelled' ? null : summarise(this.results);
    return {
      state: this.phase === 'idle' ? 'idle' : this.phase === 'done' ? 'done' : this.phase === 'cancelled' ? 'cancelled' : 'running',
      operator: this.operator,
      trial: Math.min(this.trials, this.results.length + 1),
      trials: this.trials,
      stimulus: this.phase === 'stimulus',
      message: this.message,
      resultsMs: [...this.results],
      meanMs: valid?.meanMs ?? null,
      sdMs: valid?.sdMs ?? null,
    };
  }

  dispose(): void {
    this.stopTimer();
    this.changes.dispose();
  }

  /** Starts the foreperiod once the stick is at rest; until then asks to let go. */
  private arm(): void {
    if (this.level === null || this.level >= REST_LEVEL) {
      this.say(this.attempts === 0 ? 'Let go of the stick to start.' : `${this.feedback} Let go of the stick for the next trial.`);
      return;
    }
    this.phase = 'foreperiod';
    this.message = `${this.feedback} Wait for the flash, then push the stick at once.`.trim();
    this.cancelTimer = this.clock.setTimeout(() => this.showStimulus(), this.rng.range(FOREPERIOD_MS[0], FOREPERIOD_MS[1]));
    this.emit();
  }

  private showStimulus(): void {
    this.phase = 'stimulus';
    this.onset = this.clock.now();
    this.message = 'Push!';
    this.cancelTimer = this.clock.setTimeout(() => this.endAttempt('Missed.'), ANSWER_WINDOW_MS);
    this.emit();
  }

  private answer(latencyMs: number): void {
    if (latencyMs < ANTICIPATION_MS) { this.endAttempt('Too early: that was a guess.'); return; }
    this.results.push(latencyMs);
    this.endAttempt(`${Math.round(latencyMs)} ms.`);
  }

  /** Every ended attempt counts against the 3 x trials budget; only valid ones fill the trials. */
  private endAttempt(feedback: string): void {
    this.stopTimer();
    this.attempts++;
    if (this.results.length >= this.trials || this.attempts >= 3 * this.trials) { this.finish(); return; }
    this.phase = 'rest';
    this.feedback = feedback;
    this.arm();
  }

  private say(message: string): void {
    if (message === this.message) return;
    this.message = message;
    this.emit();
  }

  private finish(): void {
    const s = summarise(this.results);
    if (this.results.length < MIN_VALID || !s) {
      this.phase = 'cancelled';
      this.message = `Only ${this.results.length} valid answers in ${this.attempts} tries: too few. Try again when you can concentrate.`;
    } else {
      this.phase = 'done';
      const sd = s.sdMs === null ? '' : ` ± ${Math.round(s.sdMs)}`;
      this.message = `Your reaction time: ${Math.round(s.meanMs)}${sd} ms over ${this.results.length} trials.`;
    }
    this.emit();
  }

  private stopTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private emit(): void {
    this.changes.fire(this.state());
  }
}

/**
 * Mean and sample standard deviation of the latencies. With 8 or more, the single
 * slowest and fastest are dropped first: a blink or a lapse of attention makes one
 * trial absurdly slow, a lucky guess one absurdly fast, and either would skew the mean.
 */
export function summarise(latencies: readonly number[]): { meanMs: number; sdMs: number | null } | null {
  let xs = [...latencies].sort((a, b) => a - b);
  if (xs.length >= 8) xs = xs.slice(1, -1);
  if (xs.length === 0) return null;
  const meanMs = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sdMs = xs.length < 2 ? null : Math.sqrt(xs.reduce((a, x) => a + (x - meanMs) ** 2, 0) / (xs.length - 1));
  return { meanMs, sdMs };
}

/** What to store for the operator after a calibration; null unless it finished. */
export function operatorInfo(state: ReactionState, measuredAt: string): OperatorInfo | null {
  if (state.state !== 'done' || state.meanMs === null) return null;
  return { name: state.operator, reactionMs: state.meanMs, reactionSdMs: state.sdMs, trials: state.resultsMs.length, measuredAt };
}
