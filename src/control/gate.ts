import type { TeleopCommand } from '../input/mapping.ts';
import type { Twist } from '../ros/messages.ts';
import type { Proposal } from './supervisor.ts';

export type GateMode = 'teleop' | 'gated';

/** A policy's latest action; `act` must be cheap (return what was computed, not compute). */
export interface PolicyAction {
  twist: Twist;
  /** Spread of the ensemble's actions; higher = less sure. */
  doubt: number;
}

export interface PolicySource {
  /** The latest action, or null when there is nothing new to offer. */
  act(now: number): PolicyAction | null;
}

export interface GateConfig {
  mode: GateMode;
  /** Pause between the operator's release and the policy resuming. */
  settleMs: number;
}

export const defaultGateConfig: GateConfig = { mode: 'teleop', settleMs: 300 };

/**
 * idle/manual: teleop mode, the operator drives while enable is held.
 * autonomous: the policy drives. takeover: the operator holds the intervention button.
 * settling: after a release (or after a stop clears), nothing drives for settleMs.
 * held: a safety latch blocks motion; when it clears the gate settles before handing back.
 */
export type GatePhase = 'idle' | 'manual' | 'autonomous' | 'takeover' | 'settling' | 'held';

export interface GateDecision {
  phase: GatePhase;
  proposal: Proposal;
  /** The policy's latest action and doubt, also while the operator drives (for recording). */
  policy: PolicyAction | null;
  event: 'takeover' | 'handback' | null;
}

/**
 * Decides who should drive. It does not enforce safety (the supervisor does); it only
 * proposes, and it hears whether a latch is holding everything so that a policy never
 * resumes the instant a stop clears.
 */
export class Gate {
  private cfg: GateConfig;
  private phase: GatePhase = 'idle';
  private settleUntil = 0;
  /** A takeover happened since the policy last drove: its resumption is a handback. */
  private tookOver = false;
  private last: { action: PolicyAction; at: number } | null = null;

  constructor(config: Partial<GateConfig> = {}, private policy: PolicySource | null = null) {
    this.cfg = { ...defaultGateConfig };
    this.configure(config);
  }

  configure(config: Partial<GateConfig>): void {
    const next: GateConfig = { mode: config.mode ?? this.cfg.mode, settleMs: config.settleMs ?? this.cfg.settleMs };
    if (next.mode !== 'teleop' && next.mode !== 'gated') throw new Error(`unknown gate mode ${String(next.mode)}`);
    if (!(next.settleMs >= 0)) throw new Error(`gate settleMs must be >= 0, got ${next.settleMs}`);
    if (next.mode !== this.cfg.mode) {
      this.phase = 'idle';
      this.tookOver = false;
    }
    this.cfg = next;
  }

  get mode(): GateMode {
    return this.cfg.mode;
  }

  get currentPhase(): GatePhase {
    return this.phase;
  }

  /** Swapping the policy forgets the old one's last action. */
  setPolicy(policy: PolicySource | null): void {
    this.policy = policy;
    this.last = null;
  }

  /**
   * `operator` is the operator's command if it is fresh, else null.
   * `held` says a safety latch is blocking motion (from Supervisor.blocked()).
   */
  step(now: number, operator: TeleopCommand | null, held: boolean): GateDecision {
    const action = this.policy?.act(now) ?? null;
    if (action) this.last = { action, at: now };
    const policy = this.last?.action ?? null;
    const enable = operator?.enable ?? false;

    if (this.cfg.mode === 'teleop') {
      this.phase = enable ? 'manual' : 'idle';
      return { phase: this.phase, proposal: { driver: enable ? 'operator' : 'none' }, policy, event: null };
    }

    const before = this.phase;
    let event: GateDecision['event'] = null;
    if (enable) {
      if (before !== 'takeover') {
        this.phase = 'takeover';
        this.tookOver = true;
        if (before === 'autonomous' || before === 'settling') event = 'takeover';
      }
      return { phase: this.phase, proposal: { driver: 'operator' }, policy, event };
    }
    if (held) {
      this.phase = 'held';
      return { phase: this.phase, proposal: { driver: 'none' }, policy, event };
    }
    if (before !== 'settling' && before !== 'autonomous') {
      this.phase = 'settling';
      this.settleUntil = now + this.cfg.settleMs;
    }
    if (this.phase === 'settling' && now < this.settleUntil) {
      return { phase: this.phase, proposal: { driver: 'none' }, policy, event };
    }
    if (this.phase === 'settling' && this.tookOver) event = 'handback';
    this.tookOver = false;
    this.phase = 'autonomous';
    const proposal: Proposal = this.last
      ? { driver: 'policy', twist: this.last.action.twist, ageMs: now - this.last.at }
      : { driver: 'policy', twist: null, ageMs: Infinity };
    return { phase: this.phase, proposal, policy, event };
  }
}
