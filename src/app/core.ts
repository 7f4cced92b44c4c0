import type { Clock } from '../base/clock.ts';
import { DisposableStore } from '../base/disposable.ts';
import { Emitter } from '../base/emitter.ts';
import { ProblemSet } from '../base/problem.ts';
import type { DeadlineTimer } from '../control/timer.ts';
import type { HidManager } from '../input/hid-manager.ts';
import { InputHub } from '../input/hub.ts';
import type { MarkerArray, ScanView } from '../ros/messages.ts';
import type { ApiService, CallContext } from './api-session.ts';
import { Btn } from '../input/pad.ts';
import { ApiHandlers } from './api-handlers.ts';
import type { ApiMethod, AppEvent, ConnectTarget, LiveState, RobotProfile, WorldName } from './contract.ts';
import { DriveSession } from './drive-session.ts';
import type { ProfileStore } from './profile-store.ts';
import { simProfile } from './profiles.ts';
import { liveState } from './live-state.ts';
import { EpisodeRecorder } from './episode-recorder.ts';
import { PolicyService } from './policy-service.ts';
import type { GpuHost } from '../learn/gpu-route.ts';
import { TrainingService } from './training-service.ts';
import type { Dataset } from '../record/dataset.ts';
import type { RecordFs } from '../record/record-fs.ts';
import type { RecoveryProgress } from './contract.ts';
import { OperatorStore } from './operator-store.ts';
import { RelabelDesk } from './relabel-desk.ts';
import { MemoryTextStore } from './text-store.ts';
import type { SidecarFs } from '../relabel/sidecar-fs.ts';
import { NodeSidecarFs } from '../relabel/node-sidecar-fs.ts';

/** The simulator as the core sees it: somewhere to connect, and something to stop. */
export interface SimInstance {
  url: string;
  dispose(): Promise<void>;
}
export type StartSim = (opts: { world: WorldName; seed: number; speed?: number }) => Promise<SimInstance>;

export interface AppCoreOptions {
  clock: Clock;
  host: 'electron' | 'console';
  version: string;
  profiles: ProfileStore;
  startSim: StartSim;
  /** Gamepads read directly over HID; absent where the host has no such access. */
  hid?: (problems: ProblemSet) => HidManager;
  timer?: DeadlineTimer;
  /** Real time for link liveness when `clock` runs faster (headless runs). */
  linkClock?: Clock;
  /** Simulator speed for headless runs faster than real time (default 1). */
  simSpeed?: number;
  /** UI state snapshots per second. */
  stateHz?: number;
  /** Where drives are recorded; without it nothing is recorded. */
  record?: { dataset: Dataset; fs: RecordFs; operator: string; idleEndMs?: number; sidecarFs?: SidecarFs };
  /** Operators and their reaction times (default: in memory, starting with `record.operator`). */
  operators?: OperatorStore;
  /** The bundled training worker; training needs a dataset too. */
  trainWorker?: string | URL;
  /** The desktop app's hidden GPU window: WebGPU joins the measured training backends. */
  gpu?: GpuHost;
  log?: (line: string) => void;
}

/**
 * The app core: owns the input hub, the profiles, the embedded simulator and the current
 * drive session, and streams state to whichever UI is attached. Hosts only carry messages.
 */
export class AppCore implements ApiService {
  readonly problems: ProblemSet;
  readonly hub: InputHub;
  private readonly events = new Emitter<AppEvent>();
  private readonly store = new DisposableStore();
  private readonly handlers: ApiHandlers;
  private session: DriveSession | null = null;
  private sim: SimInstance | null = null;
  private target: ConnectTarget | null = null;
  private profile: RobotProfile | null = null;
  private lastMarkers: MarkerArray | null = null;
  private lastScan: ScanView | null = null;
  private cancelBroadcast: (() => void) | null = null;
  /** Connects, disconnects and disposal run one at a time, in the order asked. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The e-stop latches here, above any one session: it survives reconnects and switches. */
  private estopLatched = false;
  private disposed = false;
  private hid: HidManager | null = null;
  readonly recorder: EpisodeRecorder | null;
  readonly policy: PolicyService;
  readonly training: TrainingService | null;
  private recovery: RecoveryProgress | null = null;
  /** Replay, relabelling and the reaction-time calibration; null without a dataset. */
  readonly desk: RelabelDesk | null;
  readonly operators: OperatorStore;
  /** Why the robot is held (a replay is open), re-applied to every new session. */
  private holdReason: string | null = null;

  constructor(readonly opts: AppCoreOptions) {
    this.problems = this.store.add(new ProblemSet(() => opts.clock.now()));
    this.hub = this.store.add(new InputHub({ clock: opts.clock }));
    if (opts.hid) {
      const hid = this.store.add(opts.hid(this.problems));
      this.hid = hid;
      this.store.add(hid.onSample((s) => this.hub.push(s)));
      this.store.add(hid.onRemoved((id) => this.hub.remove(id)));
      void hid.start();
    }
    // The gamepad e-stop combo (Back + Start) works from any source, focused window or not.
    this.store.add(this.hub.onSample((s) => {
      if ((s.state.buttons[Btn.BACK] ?? 0) >= 0.5 && (s.state.buttons[Btn.START] ?? 0) >= 0.5) this.estop();
    }));
    this.handlers = new ApiHandlers(this);
    this.policy = new PolicyService({
      problems: this.problems, onAsking: (asking) => this.onAsking(asking),
      onSwap: () => void this.training?.refreshModels(),
    });
    const rec = opts.record;
    this.operators = opts.operators ?? new OperatorStore(new MemoryTextStore(), rec?.operator ?? 'operator');
    this.recorder = rec ? new EpisodeRecorder({
      clock: opts.clock, dataset: rec.dataset, fs: rec.fs, appVersion: opts.version, operator: () => this.operators.current,
      problems: this.problems, idleEndMs: rec.idleEndMs, log: opts.log,
      provenance: () => this.provenance(),
    }) : null;
    this.training = rec ? new TrainingService({
      clock: opts.clock, dataset: rec.dataset, problems: this.problems, policy: this.policy, workerUrl: opts.trainWorker, gpu: opts.gpu,
      onModels: (models) => this.emit({ type: 'models', models }), log: opts.log,
      relabels: true, reactionMs: () => this.reactionTimes(),
    }) : null;
    this.desk = rec ? new RelabelDesk({
      clock: opts.clock, dataset: rec.dataset, fs: rec.fs, sidecarFs: rec.sidecarFs ?? new NodeSidecarFs(), hub: this.hub,
      problems: this.problems, operators: this.operators, emit: (e) => this.emit(e), hold: (reason) => this.hold(reason),
      liveMarkers: () => this.lastMarkers,
    }) : null;
    if (rec) {
      let count = rec.dataset.list().length;
      this.store.add(rec.dataset.onChange((episodes) => {
        this.emit({ type: 'episodes', episodes });
        if (episodes.length > count) {
          this.policy.episodeBoundary();
          this.training?.episodeClosed();
        }
        count = episodes.length;
      }));
    }
  }

  /**
   * Brings back episodes a crash left unfinished, reporting progress to the UI. Runs once
   * at start; a UI that attaches later is sent the outcome.
   */
  async recover(): Promise<void> {
    const dataset = this.opts.record?.dataset;
    if (!dataset) return;
    const reports = await dataset.recoverAll((p) => {
      this.recovery = { active: p.active, done: p.done, total: p.total, current: p.current, lines: p.lines };
      if (p.total > 0) this.emit({ type: 'recovery', recovery: this.recovery });
    });
    const lost = reports.filter((r) => r.action === 'unrecoverable' || r.action === 'failed');
    for (const r of lost) {
      this.problems.raise({ key: `record.recover:${r.file}`, severity: 'warning', message: `Could not recover ${r.file}: ${r.error ?? r.action}`, hint: 'The file was left where it is; `intervene recover FILE` can retry.' });
    }
  }

  handle(method: ApiMethod, params: unknown, context?: CallContext): Promise<unknown> {
    return this.handlers.handle(method, params, context);
  }

  release(connection: string): void {
    for (const source of this.hub.sources()) {
      if (source.id.startsWith(`${connection}/`)) this.hub.remove(source.id);
    }
  }

  estop(): void {
    this.estopLatched = true;
    if (this.session) this.session.controller.estop();
    else this.raiseEstop();
  }

  resetEstop(): void {
    const verdict = this.session?.controller.resetEstop() ?? { ok: true as const };
    if (!verdict.ok) throw new Error(verdict.reason);
    this.estopLatched = false;
    this.problems.clear('control.estop');
  }

  /** Holds the live robot still (a replay is open), or ends the hold. */
  private hold(reason: string | null): void {
    this.holdReason = reason;
    this.session?.controller.hold(reason);
  }

  /** Measured reaction times: live labels are lined up by them when training. */
  private reactionTimes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const o of this.operators.list()) if (o.reactionMs !== null) out[o.name] = o.reactionMs;
    return out;
  }

  /** Round 0 while the operator teaches; round N while policy vN drives in gated mode. */
  private provenance(): { round: number; policyVersion: string | null } {
    // Asked on every recorded step: read the two fields, not the whole policy state.
    const version = this.policy.activeVersion;
    if (this.policy.currentMode !== 'gated' || !version) return { round: 0, policyVersion: null };
    const n = Number(version.replace(/^v/, ''));
    return { round: Number.isInteger(n) ? n : 0, policyVersion: version };
  }

  /** The policy is unsure: rumble the pad that would take over (the UI shows and sounds it). */
  private onAsking(asking: boolean): void {
    const hid = this.hid;
    const active = this.hub.current();
    if (asking && hid && active?.kind === 'hid') void hid.rumble(active.sourceId, 0.6, 300);
  }

  private raiseEstop(): void {
    this.problems.raise({ key: 'control.estop', severity: 'error', message: 'E-stop engaged: nothing moves until it is reset.', hint: 'Release the enable button, then press Reset e-stop (X).' });
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    const off = this.events.on(listener);
    // A UI that attaches late still needs the world it cannot ask for again.
    queueMicrotask(() => {
      if (this.lastMarkers) listener({ type: 'markers', markers: this.lastMarkers });
      if (this.lastScan) listener({ type: 'scan', scan: this.lastScan });
      if (this.recovery && this.recovery.total > 0) listener({ type: 'recovery', recovery: this.recovery });
    });
    this.ensureBroadcast();
    return off;
  }

  emit(event: AppEvent): void {
    this.events.fire(event);
  }

  get profiles(): ProfileStore {
    return this.opts.profiles;
  }

  current(): DriveSession | null {
    return this.session;
  }

  activeProfile(): RobotProfile | null {
    return this.session ? this.profile : null;
  }

  connect(target: ConnectTarget): Promise<LiveState> {
    return this.enqueue(() => this.switchTo(target));
  }

  disconnect(): Promise<void> {
    return this.enqueue(() => this.teardown());
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.catch(() => undefined).then(() => {
      if (this.disposed) throw new Error('The app is shutting down');
      return job();
    });
    this.queue = run;
    return run;
  }

  private async switchTo(target: ConnectTarget): Promise<LiveState> {
    let profile: RobotProfile;
    let url: string;
    if (target.kind === 'robot') {
      const saved = this.opts.profiles.get(target.profile);
      if (!saved) throw new Error(`No saved profile named ${JSON.stringify(target.profile)}`);
      profile = saved;
      url = saved.url;
    }
    await this.teardown();
    if (target.kind === 'sim') {
      this.sim = await this.opts.startSim({ world: target.world, seed: target.seed, speed: this.opts.simSpeed });
      url = this.sim.url;
      profile = simProfile(target.world, url);
    }
    this.target = target;
    this.profile = profile!;
    this.lastMarkers = null;
    this.lastScan = null;
    this.session = new DriveSession({
      clock: this.opts.clock,
      timer: this.opts.timer,
      linkClock: this.opts.linkClock,
      profile: profile!,
      url: url!,
      hub: this.hub,
      problems: this.problems,
      sim: target.kind === 'sim' ? { status: '/sim/status', expert: '/sim/expert', route: '/sim/route' } : undefined,
      onScan: (scan) => {
        this.lastScan = scan;
        this.emit({ type: 'scan', scan });
      },
      onMarkers: (markers) => {
        this.lastMarkers = markers;
        this.emit({ type: 'markers', markers });
      },
    });
    // An e-stop latches until the operator resets it, whatever they connect to meanwhile.
    if (this.estopLatched) this.session.controller.estop();
    if (this.holdReason) this.session.controller.hold(this.holdReason);
    this.recorder?.attach(this.session, profile!, target);
    this.policy.attach(this.session, target);
    this.opts.log?.(`connecting to ${url!} with profile '${profile!.name}'`);
    return this.state();
  }

  private async teardown(): Promise<void> {
    // Stop following the session at once, stop the session, and only then wait for the
    // episode's close: a slow or failing disk never keeps a control loop alive.
    const closing = this.recorder?.detach();
    this.policy.detach();
    this.session?.dispose();
    this.session = null;
    try {
      await closing;
    } catch (err) {
      this.problems.raise({ key: 'record.write', severity: 'error', message: `The last episode could not be closed: ${err instanceof Error ? err.message : String(err)}`, hint: 'Its file is kept as .partial and is recovered at the next start.' });
    }
    this.problems.clearPrefix('link.');
    this.problems.clearPrefix('control.');
    if (this.estopLatched) this.raiseEstop();
    const sim = this.sim;
    this.sim = null;
    if (sim) await sim.dispose();
    this.target = null;
  }

  state(): LiveState {
    return liveState({
      now: this.opts.clock.now(),
      target: this.target,
      profile: this.profile,
      session: this.session,
      hub: this.hub,
      problems: this.problems,
      estopLatched: this.estopLatched,
      recording: this.recorder?.state(),
      policy: this.policy.state(),
      training: this.training?.state(),
    });
  }

  private ensureBroadcast(): void {
    if (this.cancelBroadcast) return;
    const period = 1000 / (this.opts.stateHz ?? 30);
    const beat = () => {
      if (this.events.size === 0) {
        this.cancelBroadcast = null;
        return;
      }
      this.emit({ type: 'state', state: this.state() });
      this.cancelBroadcast = this.opts.clock.setTimeout(beat, period);
    };
    this.cancelBroadcast = this.opts.clock.setTimeout(beat, 0);
  }

  async dispose(): Promise<void> {
    this.cancelBroadcast?.();
    this.cancelBroadcast = null;
    // Waits for a connect in flight, so nothing it started outlives the app.
    this.training?.cancel();
    await this.desk?.dispose().catch(() => undefined);
    await this.enqueue(() => this.teardown()).catch(() => undefined);
    this.disposed = true;
    await this.opts.record?.dataset.flushed();
    this.store.dispose();
    this.events.dispose();
  }
}
