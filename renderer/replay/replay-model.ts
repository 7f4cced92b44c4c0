import type {
  OperatorInfo, ReactionState, RelabelPassInfo, ReplayControl, ReplayState, ReplayTimeline,
} from '../../src/app/contract.ts';
import type { ScanView } from '../../src/ros/messages.ts';
import { Emitter } from '../../src/base/emitter.ts';
import { DisposableStore } from '../../src/base/disposable.ts';
import type { RendererBridge } from '../bridge/types.ts';

/**
 * The renderer's copy of the replay: the open episode's state, its timeline (sent once, by
 * openReplay), its relabel passes, the operators and the reaction-time calibration.
 */
export class ReplayModel {
  state: ReplayState | null = null;
  timeline: ReplayTimeline | null = null;
  passes: RelabelPassInfo[] = [];
  reaction: ReactionState | null = null;
  operators: OperatorInfo[] = [];
  operator = '';
  /** The episode the timeline and passes belong to. */
  private timelineFor: string | null = null;
  readonly onState = new Emitter<ReplayState | null>();
  readonly onScan = new Emitter<ScanView>();
  readonly onTimeline = new Emitter<ReplayTimeline | null>();
  readonly onPasses = new Emitter<RelabelPassInfo[]>();
  readonly onReaction = new Emitter<ReactionState>();
  readonly onOperators = new Emitter<OperatorInfo[]>();
  readonly onOpening = new Emitter<{ episodeId: string; fraction: number }>();
  private readonly store = new DisposableStore();

  constructor(readonly bridge: RendererBridge) {
    this.store.add(bridge.onEvent((event) => {
      switch (event.type) {
        case 'replay': this.setState(event.replay); break;
        case 'replayScan': this.onScan.fire(event.scan); break;
        case 'replayOpening': this.onOpening.fire(event.opening); break;
        case 'passes':
          if (event.episodeId === this.state?.episodeId) this.setPasses(event.passes);
          break;
        case 'reaction': this.reaction = event.reaction; this.onReaction.fire(event.reaction); break;
        case 'operators': this.setOperators(event.operators, event.current); break;
      }
    }));
    this.store.add(bridge.onConnection((c) => {
      if (c.up) void this.refreshOperators();
    }));
    if (bridge.connection().up) void this.refreshOperators();
  }

  get isOpen(): boolean {
    return this.state !== null;
  }

  /** The operator whose reaction time shifts the labels now. */
  get currentOperator(): OperatorInfo | null {
    return this.operators.find((o) => o.name === this.operator) ?? null;
  }

  async open(id: string): Promise<void> {
    const opened = await this.bridge.call('openReplay', { id });
    this.timeline = opened.timeline;
    this.timelineFor = opened.state.episodeId;
    this.onTimeline.fire(opened.timeline);
    this.setPasses(opened.passes);
    this.setState(opened.state);
  }

  async close(): Promise<void> {
    await this.bridge.call('closeReplay', undefined);
    this.setState(null);
  }

  async control(c: ReplayControl): Promise<void> {
    this.setState(await this.bridge.call('replayControl', c));
  }

  async startRelabel(from: number, to: number, speed: number): Promise<void> {
    this.setState(await this.bridge.call('startRelabel', { from, to, speed }));
  }

  async stopRelabel(keep: boolean): Promise<RelabelPassInfo | null> {
    const pass = await this.bridge.call('stopRelabel', { keep });
    if (pass) this.putPass(pass);
    return pass;
  }

  async setPassStatus(passId: string, status: 'pending' | 'accepted' | 'discarded'): Promise<void> {
    const episodeId = this.state?.episodeId;
    if (!episodeId) return;
    this.putPass(await this.bridge.call('setPassStatus', { episodeId, passId, status }));
  }

  async refreshOperators(): Promise<void> {
    try {
      const r = await this.bridge.call('listOperators', undefined);
      this.setOperators(r.operators, r.current);
    } catch {
      // An older core without operators: the panel says latency is not measured.
    }
  }

  async setOperator(name: string): Promise<void> {
    const info = await this.bridge.call('setOperator', { name });
    this.setOperators([...this.operators.filter((o) => o.name !== info.name), info], info.name);
  }

  async startReaction(trials?: number): Promise<void> {
    const r = await this.bridge.call('startReaction', trials === undefined ? {} : { trials });
    this.reaction = r;
    this.onReaction.fire(r);
  }

  async cancelReaction(): Promise<void> {
    await this.bridge.call('cancelReaction', undefined);
  }

  dispose(): void {
    this.store.dispose();
    for (const e of [this.onState, this.onScan, this.onTimeline, this.onPasses, this.onReaction, this.onOperators]) e.dispose();
  }

  private setState(s: ReplayState | null): void {
    this.state = s;
    // Closed, or another episode opened elsewhere (a second console): the old drawings would lie.
    if (this.timelineFor !== null && this.timelineFor !== (s?.episodeId ?? null)) {
      this.timeline = null;
      this.timelineFor = null;
      this.onTimeline.fire(null);
      this.setPasses([]);
    }
    this.onState.fire(s);
  }

  private setPasses(passes: RelabelPassInfo[]): void {
    this.passes = [...passes].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    this.onPasses.fire(this.passes);
  }

  private putPass(p: RelabelPassInfo): void {
    this.setPasses([...this.passes.filter((x) => x.id !== p.id), p]);
  }

  private setOperators(operators: OperatorInfo[], current: string): void {
    this.operators = [...operators].sort((a, b) => a.name.localeCompare(b.name));
    this.operator = current;
    this.onOperators.fire(this.operators);
  }
}
