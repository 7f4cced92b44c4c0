import type { ProblemSet } from '../base/problem.ts';
import type { TeleopCommand } from '../input/mapping.ts';
import { zeroTwist, type Twist } from '../ros/messages.ts';
import { copyTwist, sanitizeTwist, validateLimits, type Limits } from './limits.ts';

export type Driver = 'operator' | 'policy' | 'none';

export interface SupervisorConfig {
  limits: Limits;
  /** After a stop: one zero then silence (teleop_twist_joy), or zeros at every step. */
  onRelease: 'silence' | 'zero-stream';
  /** Operator input this old while it is needed -> safe stop. */
  inputTimeoutMs: number;
  /** Policy action this old while it drives -> safe stop. */
  policyTimeoutMs: number;
  /** How long a transient fault (a non-finite command) stays listed after the last one. */
  faultHoldMs: number;
}

export const defaultSupervisorConfig: SupervisorConfig = {
  limits: { linear: 1, angular: 1.5, vertical: 1 },
  onRelease: 'silence',
  inputTimeoutMs: 500,
  policyTimeoutMs: 200,
  faultHoldMs: 2000,
};

/** What the gate asks for; the supervisor decides what is allowed. */
export type Proposal =
  | { driver: 'operator' }
  | { driver: 'policy'; twist: Twist | null; ageMs: number }
  | { driver: 'none' };

export interface StepInput {
  now: number;
  /** The operator's latest command, null when there is no input source. */
  operator: TeleopCommand | null;
  inputAgeMs: number;
  linkUp: boolean;
  /** Default: manual teleop, the operator drives while enable is held. */
  proposal?: Proposal;
  /** Which input source the operator command came from; a change of hands needs a fresh press. */
  sourceId?: string | null;
  /** When that source's enable press happened; null if unknown. */
  engagedAt?: number | null;
}

export type StepReason =
  | 'operator' | 'policy' | 'idle' | 'estop' | 'disarmed' | 'link-down' | 'input-stale' | 'policy-stale' | 'await-release' | 'held';

export interface StepOutput {
  /** What goes on the wire this step; null = send nothing. */
  publish: Twist | null;
  /** A stop that must go out now, ahead of any rate limit. */
  urgent: boolean;
  driver: Driver;
  enable: boolean;
  turbo: boolean;
  armed: boolean;
  estop: boolean;
  reason: StepReason;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

const K = {
  stale: 'control.input-stale',
  disarmed: 'control.disarmed',
  estop: 'control.estop',
  nonfinite: 'control.nonfinite',
  clamped: 'control.clamped',
  policy: 'control.policy-stale',
  release: 'control.await-release',
  held: 'control.held',
} as const;

/** A source taking control this soon after its own press is a fresh press, not a held-over one. */
const FRESH_PRESS_MS = 250;
/** After a reconnect, zeros stream this long: a lone zero sent right after re-advertising can be lost. */
const RECONNECT_ZERO_MS = 1000;

const REARM_HINT = 'Press Re-arm (R) once the link is back.';
const ESTOP_HINT = 'Release the enable button, then press Reset e-stop.';

/**
 * The last word on what reaches /cmd_vel. A pure state machine: the caller steps it with
 * the time and the latest inputs and sends what it returns. Latches (e-stop, disarm after
 * a link loss, stale input) stop everything until the operator deliberately clears them.
 */
export class Supervisor {
  private cfg: SupervisorConfig;
  private armed = true;
  private estopped = false;
  private linkSeenUp = false;
  private linkUp = false;
  /**
   * Stale input: 'stale' until input is fresh with enable released, then 'await-press'.
   * 'await-release': enable was already held when this supervisor started, or when control
   * passed to another input source; it must be released before anything moves.
   */
  private latch: 'none' | 'stale' | 'await-press' | 'await-release' = 'await-release';
  private lastSourceId: string | null = null;
  private zeroUntil = -Infinity;
  private lastFreshEnable = false;
  private enableNow = false;
  private active = false;
  private zeroOwed = false;
  private nonfiniteAt: number | null = null;
  private heldFor: string | null = null;

  constructor(private readonly problems: ProblemSet, config: Partial<SupervisorConfig> = {}) {
    this.cfg = { ...defaultSupervisorConfig };
    this.configure(config);
  }

  configure(config: Partial<SupervisorConfig>): void {
    const c = { ...this.cfg, ...config };
    // Pick our own keys: callers pass the whole control config.
    const next: SupervisorConfig = {
      limits: { ...this.cfg.limits, ...config.limits }, onRelease: c.onRelease,
      inputTimeoutMs: c.inputTimeoutMs, policyTimeoutMs: c.policyTimeoutMs, faultHoldMs: c.faultHoldMs,
    };
    validateLimits(next.limits);
    for (const k of ['inputTimeoutMs', 'policyTimeoutMs', 'faultHoldMs'] as const) {
      if (!(next[k] >= 0)) throw new Error(`supervisor ${k} must be >= 0, got ${next[k]}`);
    }
    if (next.onRelease !== 'silence' && next.onRelease !== 'zero-stream') throw new Error(`unknown onRelease ${String(next.onRelease)}`);
    this.cfg = next;
  }

  get config(): Readonly<SupervisorConfig> {
    return this.cfg;
  }

  /** Motion is blocked by a latch or the link, whatever the gate proposes. */
  blocked(linkUp: boolean): boolean {
    return this.estopped || !this.armed || !linkUp || this.latch !== 'none' || this.heldFor !== null;
  }

  /**
   * Something else has the operator's hands (a replay being relabelled with the same
   * stick): nothing moves, whoever drives. If enable is still held when the hold ends,
   * it must be released and pressed again: a stick held for the replay never drives.
   */
  hold(reason: string | null): void {
    if (reason !== null) {
      if (this.heldFor === null) this.zeroOwed = true;
      this.heldFor = reason;
      this.problems.raise({ key: K.held, severity: 'info', message: `The robot is held: ${reason}.`, hint: 'Nothing is sent but zeros until the hold ends.' });
      return;
    }
    if (this.heldFor === null) return;
    this.heldFor = null;
    this.problems.clear(K.held);
    if (this.latch === 'none' && this.enableNow) this.latch = 'await-release';
  }

  get isArmed(): boolean {
    return this.armed;
  }

  get isEstopped(): boolean {
    return this.estopped;
  }

  estop(): void {
    this.zeroOwed = true;
    if (this.estopped) return;
    this.estopped = true;
    this.problems.raise({ key: K.estop, severity: 'error', message: 'E-stop engaged: nothing moves until it is reset.', hint: ESTOP_HINT });
  }

  /** `enableHeld` overrides what the last step saw, for callers that know better. */
  resetEstop(enableHeld = this.enableNow): Verdict {
    if (!this.estopped) return { ok: true };
    if (enableHeld) {
      const reason = 'Release the enable button before resetting the e-stop.';
      this.problems.raise({ key: K.estop, severity: 'error', message: `E-stop engaged. ${reason}`, hint: ESTOP_HINT });
      return { ok: false, reason };
    }
    this.estopped = false;
    this.problems.clear(K.estop);
    return { ok: true };
  }

  /** The link dropped: disarm now, without waiting for the next step to notice. */
  linkLost(): void {
    this.linkUp = false;
    this.disarm();
  }

  /** `current` overrides what the last step saw, for callers that know better. */
  arm(current: { enableHeld: boolean; linkUp: boolean } = { enableHeld: this.enableNow, linkUp: this.linkUp }): Verdict {
    if (this.armed) return { ok: true };
    if (!current.linkUp) {
      return this.refuseArm('The link is down: re-arm once it is back.');
    }
    if (current.enableHeld) {
      return this.refuseArm('Release the enable button, then re-arm.');
    }
    this.armed = true;
    this.problems.clear(K.disarmed);
    return { ok: true };
  }

  step(input: StepInput): StepOutput {
    const { now, operator, linkUp } = input;
    const fresh = operator !== null && input.inputAgeMs >= 0 && input.inputAgeMs < this.cfg.inputTimeoutMs;
    const enable = fresh && operator.enable;
    const turbo = fresh && operator.turbo;
    const proposal = input.proposal ?? (enable ? { driver: 'operator' as const } : { driver: 'none' as const });
    this.enableNow = enable;

    if (linkUp) {
      // A robot without a command timeout may still hold our last command: stop it.
      if (!this.linkUp && !this.armed) {
        this.zeroOwed = true;
        this.zeroUntil = now + RECONNECT_ZERO_MS;
      }
      this.linkSeenUp = true;
    } else if (this.linkSeenUp && this.armed) {
      this.disarm();
    }
    this.linkUp = linkUp;

    const freshPress = input.engagedAt !== undefined && input.engagedAt !== null && now - input.engagedAt < FRESH_PRESS_MS;
    this.handover(fresh ? (input.sourceId ?? null) : null, enable && !freshPress);
    this.updateLatch(fresh, enable, proposal.driver === 'policy');
    if (fresh) this.lastFreshEnable = enable;

    let block: StepReason | null = this.estopped ? 'estop' : !this.armed ? 'disarmed' : !linkUp ? 'link-down'
      : this.latch === 'await-release' ? 'await-release' : this.latch !== 'none' ? 'input-stale'
      : this.heldFor !== null ? 'held' : null;
    let driver: Driver = 'none';
    let wanted: Twist | null = null;
    if (proposal.driver === 'policy' && !(proposal.twist !== null && proposal.ageMs < this.cfg.policyTimeoutMs)) {
      this.problems.raise({ key: K.policy, severity: 'error', message: `Policy silent for ${this.cfg.policyTimeoutMs} ms: stopped.`, hint: 'Check the policy worker; hold the intervention button to drive meanwhile.' });
      block ??= 'policy-stale';
    } else {
      this.problems.clear(K.policy);
    }
    if (block === null) {
      if (proposal.driver === 'operator' && enable) {
        driver = 'operator';
        wanted = operator.twist;
      } else if (proposal.driver === 'policy' && proposal.twist) {
        driver = 'policy';
        wanted = proposal.twist;
      }
    }
    const base = { enable, turbo, armed: this.armed, estop: this.estopped };
    if (wanted) {
      this.active = true;
      return { ...base, publish: this.sanitize(now, wanted), urgent: false, driver, reason: driver === 'operator' ? 'operator' : 'policy' };
    }
    this.problems.clear(K.clamped);
    this.expireFaults(now);
    const owed = this.active || this.zeroOwed;
    this.active = false;
    this.zeroOwed = false;
    const publish = owed || this.cfg.onRelease === 'zero-stream' || now < this.zeroUntil ? zeroTwist() : null;
    return { ...base, publish, urgent: owed, driver: 'none', reason: block ?? 'idle' };
  }

  /** A zero that could not be sent is owed again. */
  oweZero(): void {
    this.zeroOwed = true;
  }

  /** `enable`: held, and not pressed just now on the new source. */
  private handover(sourceId: string | null, enable: boolean): void {
    if (sourceId === null) return;
    const changed = this.lastSourceId !== null && sourceId !== this.lastSourceId;
    this.lastSourceId = sourceId;
    if (changed && enable && this.latch === 'none') {
      if (this.active) this.zeroOwed = true;
      this.latch = 'await-release';
    }
  }

  private updateLatch(fresh: boolean, enable: boolean, policyDriving: boolean): void {
    if (this.latch === 'await-release') {
      // No input at all counts as released: nobody is holding anything.
      if (!enable) {
        this.latch = 'none';
        this.problems.clear(K.release);
      } else {
        this.problems.raise({ key: K.release, severity: 'warning', message: 'The enable button was already held when this input took control.', hint: 'Release the enable button and press it again to drive.' });
      }
      return;
    }
    const needed = this.lastFreshEnable || policyDriving;
    if (!fresh) {
      if (this.latch === 'none' && !needed) return;
      if (this.latch === 'none') this.zeroOwed = true;
      this.latch = 'stale';
      this.problems.raise({ key: K.stale, severity: 'error', message: `Operator input silent for ${this.cfg.inputTimeoutMs} ms: safe stop.`, hint: 'Check the gamepad; once it is back, release and press the enable button again.' });
      return;
    }
    if (this.latch === 'stale') {
      if (enable) {
        this.problems.raise({ key: K.stale, severity: 'warning', message: 'Input is back, but the enable button was held through the loss.', hint: 'Release the enable button and press it again to drive.' });
        return;
      }
      this.latch = 'await-press';
      this.problems.raise({ key: K.stale, severity: 'warning', message: 'Input is back after a loss: stopped until you press the enable button.', hint: 'Press the enable button to take control again.' });
      return;
    }
    if (this.latch === 'await-press' && enable) {
      this.latch = 'none';
      this.problems.clear(K.stale);
    }
  }

  private sanitize(now: number, wanted: Twist): Twist {
    const s = sanitizeTwist(wanted, this.cfg.limits);
    if (s.nonfinite) {
      this.nonfiniteAt = now;
      this.problems.raise({ key: K.nonfinite, severity: 'error', message: 'A command held NaN or infinite values; sent zero instead.', hint: 'The input source or policy is producing invalid numbers.' });
    } else {
      this.expireFaults(now);
    }
    if (s.clamped) this.problems.raise({ key: K.clamped, severity: 'info', message: 'Command clamped to the robot profile\'s limits.' });
    else this.problems.clear(K.clamped);
    return copyTwist(s.twist);
  }

  private expireFaults(now: number): void {
    if (this.nonfiniteAt !== null && now - this.nonfiniteAt >= this.cfg.faultHoldMs) {
      this.nonfiniteAt = null;
      this.problems.clear(K.nonfinite);
    }
  }

  private disarm(): void {
    if (this.active) this.zeroOwed = true;
    if (!this.armed) return;
    this.armed = false;
    this.zeroOwed = true;
    this.problems.raise({ key: K.disarmed, severity: 'error', message: 'Link lost: commands are blocked until you re-arm.', hint: REARM_HINT });
  }

  private refuseArm(reason: string): Verdict {
    this.problems.raise({ key: K.disarmed, severity: 'error', message: `Disarmed after a link loss. ${reason}`, hint: REARM_HINT });
    return { ok: false, reason };
  }
}
