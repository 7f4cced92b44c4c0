import type { Clock } from '../base/clock.ts';
import { DisposableStore } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import type { ProblemSet } from '../base/problem.ts';
import type { TeleopCommand } from '../input/mapping.ts';
import { zeroTwist, type Twist } from '../ros/messages.ts';
import { controlConfig, type ControlConfig } from './config.ts';
import { Gate, type GateDecision, type GateMode, type GatePhase, type PolicySource } from './gate.ts';
import { copyTwist, isZeroTwist, sameTwist } from './limits.ts';
import { FixedRateLoop, type LoopStats, type TickInfo } from './loop.ts';
import { Supervisor, type Driver, type StepOutput, type Verdict } from './supervisor.ts';
import type { DeadlineTimer } from './timer.ts';

export interface OperatorReading {
  command: TeleopCommand;
  /** How long ago the input source last reported. */
  ageMs: number;
  /** The input source it came from; when it changes, the new one must press enable afresh. */
  sourceId?: string;
  /** When that source was engaged (its press); a press this recent counts as fresh. */
  engagedAt?: number | null;
}

export interface ControllerOptions {
  clock: Clock;
  /** Pass createPreciseTimer() on Node; defaults to the clock's setTimeout. */
  timer?: DeadlineTimer;
  config?: Partial<ControlConfig>;
  readOperator: () => OperatorReading | null;
  linkUp: () => boolean;
  /** Sends one command; must not block. Not called while the link is down. */
  publish: (twist: Twist) => void;
  problems: ProblemSet;
  policy?: PolicySource | null;
}

export interface ControlState {
  driver: Driver;
  enable: boolean;
  turbo: boolean;
  armed: boolean;
  estop: boolean;
  /** What is on the wire now: the last command sent, null once silent. */
  command: Twist | null;
  lastPublishAt: number | null;
  mode: GateMode;
  phase: GatePhase;
}

export type StepSource = 'tick' | 'input' | 'command' | 'watchdog';

/** Everything one step decided, with its provenance (what the recorder writes). */
export interface ControlStep {
  at: number;
  source: StepSource;
  tick: TickInfo | null;
  operator: OperatorReading | null;
  decision: GateDecision;
  output: StepOutput;
  published: boolean;
}

/**
 * Wires the fixed-rate loop, the gate and the supervisor. Ticks stream the command while
 * someone drives; new input is stepped at once so a stick change or a release reaches
 * the wire without waiting for the next tick.
 */
export class Controller {
  private readonly opts: ControllerOptions;
  private cfg: ControlConfig;
  private readonly supervisor: Supervisor;
  private readonly gate: Gate;
  private readonly loop: FixedRateLoop;
  private readonly store = new DisposableStore();
  private readonly stepped = new Emitter<ControlStep>();
  private readonly published = new Emitter<{ twist: Twist; at: number; driver: Driver }>();
  private readonly changed = new Emitter<ControlState>();
  private current: ControlState;
  private lastImmediateAt = -Infinity;
  private cancelFlush: (() => void) | null = null;
  private cancelWatchdog: (() => void) | null = null;
  private disposed = false;

  constructor(options: ControllerOptions) {
    this.opts = options;
    this.cfg = controlConfig(options.config);
    this.supervisor = new Supervisor(options.problems, this.cfg);
    this.gate = new Gate(this.cfg, options.policy ?? null);
    this.loop = new FixedRateLoop({ clock: options.clock, timer: options.timer, hz: this.cfg.rateHz, tick: (info) => this.run('tick', info) });
    this.store.add(this.loop);
    this.store.add(this.stepped);
    this.store.add(this.published);
    this.store.add(this.changed);
    this.current = {
      driver: 'none', enable: false, turbo: false, armed: true, estop: false,
      command: null, lastPublishAt: null, mode: this.gate.mode, phase: this.gate.currentPhase,
    };
  }

  start(): void {
    this.loop.start();
  }

  /** A new input sample arrived: step now, so input-to-wire latency is not a period. */
  onInput(): void {
    this.run('input', null);
  }

  estop(): void {
    this.supervisor.estop();
    this.run('command', null);
  }

  resetEstop(): Verdict {
    const verdict = this.supervisor.resetEstop(this.enableHeld());
    this.run('command', null);
    return verdict;
  }

  arm(): Verdict {
    const verdict = this.supervisor.arm({ enableHeld: this.enableHeld(), linkUp: this.opts.linkUp() });
    this.run('command', null);
    return verdict;
  }

  /** Holds the robot still for `reason` (null ends the hold; driving then needs a fresh press). */
  hold(reason: string | null): void {
    this.supervisor.hold(reason);
    this.run('command', null);
  }

  /** The app saw the link drop: disarm at once rather than at the next tick. */
  linkLost(): void {
    this.supervisor.linkLost();
    this.run('command', null);
  }

  configure(config: Partial<ControlConfig>): void {
    const next = controlConfig({ ...this.cfg, ...config, limits: { ...this.cfg.limits, ...config.limits } });
    this.supervisor.configure(next);
    this.gate.configure(next);
    this.loop.setRate(next.rateHz);
    this.cfg = next;
  }

  setPolicy(policy: PolicySource | null): void {
    this.gate.setPolicy(policy);
  }

  state(): ControlState {
    return { ...this.current, command: this.current.command && copyTwist(this.current.command) };
  }

  loopStats(): LoopStats {
    return this.loop.stats();
  }

  /** Every step with its provenance. */
  onStep(listener: (step: ControlStep) => void): () => void {
    return this.stepped.on(listener);
  }

  onPublish(listener: (sent: { twist: Twist; at: number; driver: Driver }) => void): () => void {
    return this.published.on(listener);
  }

  /** Fires when who drives, a latch, enable/turbo or silence changes (not per command). */
  onState(listener: (state: ControlState) => void): () => void {
    return this.changed.on(listener);
  }

  /** Stops the loop; if a command was moving the robot, one zero goes out first. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelFlush?.();
    this.cancelWatchdog?.();
    const moving = this.current.command !== null && !isZeroTwist(this.current.command);
    if (moving && this.opts.linkUp()) this.send(zeroTwist(), this.opts.clock.now(), 'none');
    this.store.dispose();
  }

  private enableHeld(): boolean {
    const r = this.opts.readOperator();
    return r !== null && this.isFresh(r) && r.command.enable;
  }

  private isFresh(r: OperatorReading): boolean {
    return r.ageMs >= 0 && r.ageMs < this.cfg.inputTimeoutMs;
  }

  private run(source: StepSource, tick: TickInfo | null): void {
    if (this.disposed) return;
    const now = this.opts.clock.now();
    const operator = this.opts.readOperator();
    const linkUp = this.opts.linkUp();
    const fresh = operator !== null && this.isFresh(operator) ? operator.command : null;
    const decision = this.gate.step(now, fresh, this.supervisor.blocked(linkUp));
    const output = this.supervisor.step({
      now, operator: operator?.command ?? null, inputAgeMs: operator?.ageMs ?? Infinity, linkUp, proposal: decision.proposal,
      sourceId: operator?.sourceId ?? null,
      engagedAt: operator?.engagedAt ?? null,
    });
    let published = false;
    let command = this.current.command;
    if (output.publish === null || !linkUp) {
      command = null;
    } else if (source === 'tick' || output.urgent) {
      published = this.send(output.publish, now, output.driver);
      // A stop that did not go out is owed again at the next step.
      if (!published && output.urgent) this.supervisor.oweZero();
    } else if (command === null || !sameTwist(command, output.publish)) {
      if (now - this.lastImmediateAt >= this.cfg.minPublishGapMs) {
        published = this.send(output.publish, now, output.driver);
        if (published) this.lastImmediateAt = now;
      } else {
        this.flushLater(now);
      }
    }
    if (published) command = output.publish;
    if (operator !== null && fresh !== null) this.watch(now + this.cfg.inputTimeoutMs - operator.ageMs);
    this.update(output, command, decision);
    this.stepped.fire({ at: now, source, tick, operator, decision, output, published });
  }

  private send(twist: Twist, at: number, driver: Driver): boolean {
    try {
      this.opts.publish(copyTwist(twist));
      this.opts.problems.clear('control.publish');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.opts.problems.raise({ key: 'control.publish', severity: 'error', message: `Could not send the command: ${message}` });
      return false;
    }
    this.current.lastPublishAt = at;
    this.published.fire({ twist: copyTwist(twist), at, driver });
    return true;
  }

  private flushLater(now: number): void {
    if (this.cancelFlush) return;
    this.cancelFlush = this.opts.clock.setTimeout(() => {
      this.cancelFlush = null;
      this.run('input', null);
    }, this.lastImmediateAt + this.cfg.minPublishGapMs - now);
  }

  /**
   * Steps at the moment the operator's input would turn stale, so a dead pad stops the
   * robot at inputTimeoutMs rather than at the first tick after it.
   */
  private watch(staleAt: number): void {
    if (this.cancelWatchdog) return;
    this.cancelWatchdog = this.opts.clock.setTimeout(() => {
      this.cancelWatchdog = null;
      this.run('watchdog', null);
    }, staleAt - this.opts.clock.now());
  }

  private update(out: StepOutput, command: Twist | null, decision: GateDecision): void {
    const prev = this.current;
    const next: ControlState = {
      driver: out.driver, enable: out.enable, turbo: out.turbo, armed: out.armed, estop: out.estop,
      command, lastPublishAt: prev.lastPublishAt, mode: this.gate.mode, phase: decision.phase,
    };
    this.current = next;
    const differs = prev.driver !== next.driver || prev.enable !== next.enable || prev.turbo !== next.turbo
      || prev.armed !== next.armed || prev.estop !== next.estop || prev.mode !== next.mode
      || prev.phase !== next.phase || (prev.command === null) !== (next.command === null);
    if (differs) this.changed.fire(this.state());
  }
}
