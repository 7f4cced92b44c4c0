import type { ProblemSet } from '../base/problem.ts';
import type { ControlStep } from '../control/controller.ts';
import { DoubtThreshold, type ThresholdConfig } from '../control/doubt-threshold.ts';
import type { PolicySource } from '../control/gate.ts';
import { createObservationSpec, type ObservationSpec } from '../learn/observation.ts';
import type { Twist } from '../ros/messages.ts';
import type { ConnectTarget, ControlMode, PolicyState } from './contract.ts';
import type { DriveSession } from './drive-session.ts';

/** What the app needs of a trained policy: an action and a doubt for one observation. */
export interface ActingPolicy {
  readonly version: string;
  readonly obsFields: readonly string[];
  act(obs: Float32Array): { action: number[]; doubt: number };
}

const PROBLEM = 'policy.fields';

/**
 * Owns who may drive (teleop or gated), the active policy and the next one, and the doubt
 * threshold. A new policy is swapped in only where it cannot surprise anyone: while the
 * operator is not holding a takeover (at a handback, or between episodes).
 */
export class PolicyService {
  private mode: ControlMode = 'teleop';
  private active: ActingPolicy | null = null;
  private pending: ActingPolicy | null = null;
  readonly threshold = new DoubtThreshold();
  private session: DriveSession | null = null;
  private spec: ObservationSpec | null = null;
  private obs = new Float32Array(0);
  private lastDoubt: number | null = null;
  private lastPolicyDoubt: number | null = null;
  private asking = false;
  private release: Array<() => void> = [];

  constructor(private readonly opts: { problems: ProblemSet; onAsking?: (asking: boolean) => void; onSwap?: (version: string) => void }) {}

  attach(session: DriveSession, target: ConnectTarget): void {
    this.detach();
    this.session = session;
    const world = target.kind === 'sim' ? target.world : null;
    this.spec = createObservationSpec({ scanSectors: 36, useRoute: world !== null, world });
    this.obs = new Float32Array(this.spec.fields.length);
    // A new connection (maybe a real robot) never starts under the policy: gated is chosen anew.
    this.mode = 'teleop';
    session.controller.configure({ mode: this.mode });
    this.release.push(session.controller.onStep((step) => this.onStep(step)));
    this.install();
  }

  detach(): void {
    for (const off of this.release.splice(0)) off();
    this.session?.controller.setPolicy(null);
    this.session = null;
    this.setAsking(false);
  }

  setMode(mode: ControlMode): void {
    if (mode === 'gated' && !this.active && !this.pending) throw new Error('No policy yet: train a model (T) or activate one first');
    this.mode = mode;
    this.session?.controller.configure({ mode });
  }

  /**
   * An episode ended: the boundary between episodes is a safe moment too, unless the
   * operator holds a takeover (or is settling out of one) right now.
   */
  episodeBoundary(): void {
    const phase = this.session?.controller.state().phase ?? 'idle';
    if (this.pending && phase !== 'takeover' && phase !== 'settling') this.swap();
  }

  /** A newly trained or activated policy: in at once if safe, else at the next handback or episode end. */
  offer(policy: ActingPolicy): void {
    this.pending = policy;
    if (this.safeToSwap()) this.swap();
  }

  configureThreshold(config: ThresholdConfig): void {
    this.threshold.configure(config);
  }

  /** The observation fields of the connected robot or world; null when not connected. */
  obsFields(): string[] | null {
    return this.spec ? [...this.spec.fields] : null;
  }

  get currentMode(): ControlMode {
    return this.mode;
  }

  get activeVersion(): string | null {
    return this.active?.version ?? null;
  }

  state(): PolicyState {
    const phase = this.session?.controller.state().phase ?? 'idle';
    return {
      mode: this.mode, version: this.active?.version ?? null, pendingVersion: this.pending?.version ?? null, phase,
      doubt: this.lastDoubt, threshold: this.threshold.value(), thresholdSource: this.threshold.source, asking: this.asking,
    };
  }

  /** Nobody is being surprised: the policy is not driving and no takeover is held. */
  private safeToSwap(phase: string = this.session?.controller.state().phase ?? 'idle'): boolean {
    return phase === 'idle' || phase === 'manual' || phase === 'held';
  }

  private swap(): void {
    if (!this.pending) return;
    this.active = this.pending;
    this.pending = null;
    // Doubt is on each model's own scale: calibrate afresh.
    this.threshold.reset();
    this.lastPolicyDoubt = null;
    this.install();
    this.opts.onSwap?.(this.active.version);
  }

  private install(): void {
    const session = this.session;
    const policy = this.active;
    const spec = this.spec;
    if (!session || !policy || !spec) return;
    if (policy.obsFields.join(',') !== spec.fields.join(',')) {
      this.opts.problems.raise({
        key: PROBLEM, severity: 'error',
        message: `Model ${policy.version} was trained on other observations (${policy.obsFields.length} fields) than this robot gives (${spec.fields.length}).`,
        hint: 'Train a model on episodes from this robot or world.',
      });
      session.controller.setPolicy(null);
      return;
    }
    this.opts.problems.clear(PROBLEM);
    session.controller.setPolicy(this.source(session, policy, spec));
  }

  private source(session: DriveSession, policy: ActingPolicy, spec: ObservationSpec): PolicySource {
    return {
      act: () => {
        const s = session.sensors;
        if (!s.twist) return null;
        spec.fill({ twist: s.twist, scan: s.scan, route: s.route }, this.obs);
        try {
          const { action, doubt } = policy.act(this.obs);
          this.opts.problems.clear('policy.act');
          return { twist: twistOf(action), doubt };
        } catch (err) {
          // A policy that throws is a silent policy: the supervisor stops it after its timeout.
          this.opts.problems.raise({ key: 'policy.act', severity: 'error', message: `Model ${policy.version} failed: ${err instanceof Error ? err.message : String(err)}` });
          return null;
        }
      },
    };
  }

  private onStep(step: ControlStep): void {
    const { decision, output } = step;
    const doubt = decision.policy?.doubt ?? null;
    // HG-DAgger calibrates on the doubt the policy had just before the operator took it over.
    if (decision.event === 'takeover' && this.lastPolicyDoubt !== null) this.threshold.noteTakeover(this.lastPolicyDoubt);
    if (output.driver === 'policy' && doubt !== null) {
      this.threshold.noteAutonomous(doubt);
      this.lastPolicyDoubt = doubt;
    } else if (decision.event === 'takeover') {
      this.lastPolicyDoubt = null;
    }
    this.lastDoubt = doubt;
    this.setAsking(output.driver === 'policy' && this.threshold.asking(doubt));
    if (this.pending && (decision.event === 'handback' || this.safeToSwap(decision.phase))) this.swap();
  }

  private setAsking(asking: boolean): void {
    if (asking === this.asking) return;
    this.asking = asking;
    this.opts.onAsking?.(asking);
  }
}

function twistOf(a: readonly number[]): Twist {
  return { linear: { x: a[0] ?? 0, y: a[1] ?? 0, z: a[2] ?? 0 }, angular: { x: 0, y: 0, z: a[3] ?? 0 } };
}
