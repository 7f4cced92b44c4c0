/**
 * The synthetic operator: an expert seen through a human. It watches every tick, but
 * what it does lags by its reaction time: the command it gives at t is the expert's
 * command for the state at t - delay (plus seeded, slowly drifting noise), and it
 * takes over when the danger it perceived at t - delay crossed the gate's thresholds, or
 * when the app asked it for help at t - delay (the doubt alert: a cue, a sound, rumble).
 * It hands back once things have looked safe, with hysteresis, for a while.
 */
import type { Twist } from '../../ros/messages.ts';
import type { World } from '../world/types.ts';
import { actionToTwist, twistToAction } from './action.ts';
import { assessDanger, type Danger } from './danger.ts';
import { expertAction } from './expert.ts';
import { ColouredNoise } from './noise.ts';

export interface GateRule {
  /** Take over when the time to collision drops below this (s) ... */
  takeoverTtcS: number;
  /** ... or the margin to a departure below this (m) ... */
  takeoverMarginM: number;
  /** ... or the clearance to any obstacle below this (m), or on contact. */
  takeoverClearM: number;
  /** Hand back once the time to collision is at least this ... */
  releaseTtcS: number;
  /** ... the margin at least this, and the clearance at least this ... */
  releaseMarginM: number;
  releaseClearM: number;
  /** ... without a break for this long (s). */
  safeForS: number;
}

export const DEFAULT_GATE_RULE: GateRule = {
  takeoverTtcS: 2, takeoverMarginM: 0.6, takeoverClearM: 0.2,
  releaseTtcS: 4, releaseMarginM: 1.2, releaseClearM: 1,
  safeForS: 1,
};

/** Per-component noise std (ACTION_FIELDS order) for each world: only what the robot uses. */
export const DEFAULT_NOISE: Record<string, readonly number[]> = { lane: [0.05, 0, 0, 0.05], forest: [0.08, 0.08, 0.04, 0.05] };

export interface SyntheticOperatorOptions {
  /** Reaction time, seconds (default 0.25). */
  delayS?: number;
  /** Noise std per action component; default per world (DEFAULT_NOISE); zeros for none. */
  noiseStd?: readonly number[];
  /** Noise correlation time, seconds (default 0.3; 0 for white noise). */
  noiseTauS?: number;
  seed?: number;
  gate?: Partial<GateRule>;
  /** The expert it imitates (default: expertAction, the world's privileged expert). */
  expert?: (world: World) => Twist;
  /** How it judges danger (default assessDanger). */
  danger?: (world: World) => Danger;
}

export interface OperatorDecision {
  /** The operator holds control after this step. */
  active: boolean;
  event: 'takeover' | 'handback' | null;
  /** What the operator commands now; zero until it has watched for `delayS`. */
  command: Twist;
  /** `command` in ACTION_FIELDS order. */
  action: number[];
  /** The danger the decision rests on (as of t - delay); null before that exists. */
  perceived: Danger | null;
}

interface Seen { t: number; action: number[]; danger: Danger; asked: boolean }

/** Slack for times that are sums of a float dt. */
const EPS = 1e-9;

export class SyntheticOperator {
  private readonly delayS: number;
  private readonly rule: GateRule;
  private seed: number;
  private queue: Seen[] = [];
  private head = 0;
  private lastT: number | null = null;
  private noise: ColouredNoise | null = null;
  private holding = false;
  private safeSince: number | null = null;

  constructor(private readonly opts: SyntheticOperatorOptions = {}) {
    this.delayS = opts.delayS ?? 0.25;
    if (!(this.delayS >= 0) || !Number.isFinite(this.delayS)) throw new Error(`SyntheticOperator: delayS must be >= 0, got ${this.delayS}`);
    this.rule = { ...DEFAULT_GATE_RULE, ...opts.gate };
    for (const [k, v] of Object.entries(this.rule)) {
      if (!(v >= 0)) throw new Error(`SyntheticOperator: gate.${k} must be >= 0, got ${v}`);
    }
    if (opts.noiseStd && opts.noiseStd.length !== 4) throw new Error(`SyntheticOperator: noiseStd needs 4 values (ACTION_FIELDS), got ${opts.noiseStd.length}`);
    this.seed = opts.seed ?? 1;
  }

  get active(): boolean {
    return this.holding;
  }

  /** Forgets what it saw (a new episode); the noise restarts from `seed`. */
  reset(seed: number = this.seed): void {
    this.queue = [];
    this.head = 0;
    this.lastT = null;
    this.noise = null;
    this.holding = false;
    this.safeSince = null;
    this.seed = seed;
  }

  /**
   * Call once per control tick with the world's current time and state, and whether the
   * app is asking for help now (it answers the request a reaction time later).
   */
  step(t: number, world: World, asked = false): OperatorDecision {
    if (!Number.isFinite(t) || (this.lastT !== null && t < this.lastT)) throw new Error(`SyntheticOperator.step: time must be finite and never go back, got ${t} after ${this.lastT}`);
    const dt = this.lastT === null ? 0 : t - this.lastT;
    this.lastT = t;
    this.queue.push({ t, action: twistToAction((this.opts.expert ?? expertAction)(world)), danger: (this.opts.danger ?? assessDanger)(world), asked });
    const seenBy = t - this.delayS + EPS;
    while (this.head + 1 < this.queue.length && (this.queue[this.head + 1] as Seen).t <= seenBy) this.head++;
    const front = this.queue[this.head] as Seen;
    const seen = front.t <= seenBy ? front : null;
    if (this.head > 512) { this.queue = this.queue.slice(this.head); this.head = 0; }

    this.noise ??= new ColouredNoise(this.opts.noiseStd ?? DEFAULT_NOISE[world.name] ?? [0, 0, 0, 0], this.opts.noiseTauS ?? 0.3, this.seed);
    const n = this.noise.next(dt);
    const action = seen ? seen.action.map((v, i) => v + (n[i] ?? 0)) : [0, 0, 0, 0];
    const event = seen ? this.gate(t, seen.danger, seen.asked) : null;
    return { active: this.holding, event, command: actionToTwist(action), action, perceived: seen?.danger ?? null };
  }

  private gate(t: number, d: Danger, asked: boolean): OperatorDecision['event'] {
    const r = this.rule;
    if (!this.holding) {
      if (!(asked || d.inContact || d.ttcS < r.takeoverTtcS || d.marginM < r.takeoverMarginM || d.clearM < r.takeoverClearM)) return null;
      this.holding = true;
      this.safeSince = null;
      return 'takeover';
    }
    if (d.inContact || d.ttcS < r.releaseTtcS || d.marginM < r.releaseMarginM || d.clearM < r.releaseClearM) {
      this.safeSince = null;
      return null;
    }
    this.safeSince ??= t;
    if (t - this.safeSince < r.safeForS - EPS) return null;
    this.holding = false;
    this.safeSince = null;
    return 'handback';
  }
}
