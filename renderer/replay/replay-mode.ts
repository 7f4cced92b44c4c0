import type { RelabelPassInfo, ReplayControl, ReplayState } from '../../src/app/contract.ts';
import type { OverlayStack } from '../dialog/overlay.ts';
import { el, errorText, isTextEntry } from '../dom.ts';
import type { Toasts } from '../hud/toasts.ts';
import { ReactionDialog } from './reaction-dialog.ts';
import { ReplayBanner } from './replay-banner.ts';
import { replayAction, type ReplayAction } from './replay-keys.ts';
import { interventionRanges, nextRange, speedLabel, stepSpeed, type Range } from './replay-logic.ts';
import type { ReplayModel } from './replay-model.ts';
import { RelabelPanel } from './relabel-panel.ts';
import { StopPrompt } from './stop-prompt.ts';
import { TimelineView } from './timeline-view.ts';
import { TransportBar } from './transport-bar.ts';

export interface ReplayHost {
  /** The replay opened (true) or closed (false): switch the view's player. */
  opened(open: boolean): void;
  /** The relabel ghost; null hides it. */
  ghost(relabel: ReplayState['relabel']): void;
}

/**
 * The replay and relabel mode: transport, timeline, relabel panel, reaction dialog and
 * keys. It follows the core's replay state; it never decides on its own that a replay is open.
 */
export class ReplayMode {
  readonly banner = new ReplayBanner();
  readonly dock: HTMLElement;
  readonly reaction: ReactionDialog;
  private readonly transport: TransportBar;
  private readonly timeline: TimelineView;
  private readonly relabel: RelabelPanel;
  private readonly stopPrompt: StopPrompt;
  private selection: Range | null = null;
  private wasOpen = false;

  constructor(private readonly model: ReplayModel, private readonly stack: OverlayStack, private readonly toasts: Toasts, private readonly host: ReplayHost) {
    this.transport = new TransportBar({
      playPause: () => this.act({ kind: 'playPause' }),
      step: (frames) => this.act({ kind: 'step', frames }),
      seekBy: (seconds) => this.act({ kind: 'seekBy', seconds }),
      speed: (speed) => this.control({ speed }),
      loop: () => this.act({ kind: 'loop' }),
      close: () => this.act({ kind: 'escape' }),
    });
    this.timeline = new TimelineView({ seek: (t) => this.control({ seekS: t }), select: (r) => this.select(r, false) });
    this.relabel = new RelabelPanel({
      nextIntervention: () => this.act({ kind: 'nextIntervention' }),
      start: () => this.act({ kind: 'relabel' }),
      stop: (keep) => this.stopPass(keep),
      calibrate: () => this.reaction.toggle(),
      setPassStatus: (p, s) => this.setPassStatus(p, s),
      showPass: (p) => this.select({ from: p.from, to: p.to }, true),
    });
    this.reaction = new ReactionDialog(stack, model);
    this.stopPrompt = new StopPrompt(stack, (keep) => this.stopPass(keep));
    this.dock = el('section', { class: 'replay-dock', testid: 'replay-dock' }, this.transport.root, this.timeline.root, this.relabel.root);
    this.dock.hidden = true;
    model.onState.on((s) => this.show(s));
    model.onOpening.on((o) => {
      if (!model.isOpen) this.banner.opening(o.episodeId, o.fraction);
    });
    model.onTimeline.on((tl) => {
      this.selection = null;
      this.timeline.setTimeline(tl);
      this.refreshPanel();
    });
    model.onPasses.on((p) => {
      this.timeline.setPasses(p);
      this.relabel.passes.update(p);
    });
    model.onOperators.on(() => this.refreshPanel());
  }

  get isOpen(): boolean {
    return this.model.isOpen;
  }

  /** Overlays this mode owns, for the page to mount. */
  get overlays(): HTMLElement[] {
    return [this.reaction.root, this.stopPrompt.root];
  }

  async open(id: string): Promise<void> {
    try {
      await this.model.open(id);
    } catch (err) {
      this.toasts.show(`Could not open the replay of ${id}: ${errorText(err)}`);
    }
  }

  async close(): Promise<void> {
    try {
      await this.model.close();
    } catch (err) {
      this.toasts.show(`Could not close the replay: ${errorText(err)}`);
    }
  }

  /** Keys while a replay is open; true when the key was used here. */
  handleKey(e: KeyboardEvent): boolean {
    if (!this.model.isOpen) return false;
    if (this.stopPrompt.isOpen && this.stack.top !== undefined) {
      if (e.key === 'Enter' || e.key === 'Backspace') {
        this.stopPrompt.close();
        this.stopPass(e.key === 'Enter');
        return true;
      }
      return false;
    }
    if (isTextEntry(e.target)) return false;
    const action = replayAction(e, this.model.state?.relabel != null);
    if (!action) return false;
    // An open dialog keeps its own keys (Esc closes it); Space still plays and pauses.
    if (this.stack.anyOpen && action.kind !== 'playPause') return false;
    this.act(action);
    return true;
  }

  act(a: ReplayAction): void {
    const s = this.model.state;
    if (!s) return;
    switch (a.kind) {
      case 'playPause': return this.control({ play: !s.playing });
      case 'seekBy': return this.control({ seekS: clamp(s.positionS + a.seconds, 0, s.durationS) });
      case 'step': return this.control({ stepFrames: a.frames });
      case 'speed': {
        const speed = stepSpeed(s.speed, a.dir);
        this.toasts.show(`Speed ${speedLabel(speed)}`, 'info', 1200);
        return this.control({ speed });
      }
      case 'home': return this.control({ seekS: s.loop?.from ?? 0 });
      case 'end': return this.control({ seekS: s.loop?.to ?? s.durationS });
      case 'loop': return this.toggleLoop(s);
      case 'nextIntervention': return this.nextIntervention(s);
      case 'relabel': return this.startPass(s);
      case 'keepPass': return this.stopPass(true);
      case 'discardPass': return this.stopPass(false);
      case 'acceptSelected': return this.setSelectedStatus('accepted');
      case 'discardSelected': return this.setSelectedStatus('discarded');
      case 'calibrate': return this.reaction.toggle();
      case 'escape':
        if (s.relabel) this.stopPrompt.open();
        else void this.close();
    }
  }

  private show(s: ReplayState | null): void {
    const open = s !== null;
    if (open !== this.wasOpen) {
      this.wasOpen = open;
      this.dock.hidden = !open;
      if (!open) this.stopPrompt.close();
      this.host.opened(open);
    }
    this.banner.update(s);
    this.host.ghost(s?.relabel ?? null);
    if (!s) return;
    this.transport.update(s);
    this.timeline.setLoop(s.loop);
    this.timeline.setPosition(s.positionS);
    this.relabel.update(s, this.selection, this.model.currentOperator);
    this.dock.dataset.relabel = String(s.relabel !== null);
  }

  private refreshPanel(): void {
    this.relabel.update(this.model.state, this.selection, this.model.currentOperator);
  }

  private select(r: Range | null, seek: boolean): void {
    this.selection = r;
    this.timeline.setSelection(r);
    this.refreshPanel();
    if (r && seek) this.control({ seekS: r.from });
  }

  private toggleLoop(s: ReplayState): void {
    if (s.loop) return this.control({ loop: null });
    if (!this.selection) {
      this.toasts.show('Select a range to loop first: Shift+drag on the timeline, or I for the seconds before a takeover.', 'info', 4000);
      return;
    }
    this.control({ loop: this.selection, seekS: this.selection.from, play: true });
  }

  private nextIntervention(s: ReplayState): void {
    const ranges = interventionRanges(this.model.timeline?.markers ?? [], s.durationS);
    const r = nextRange(ranges, this.selection);
    if (!r) {
      this.toasts.show('No takeovers in this episode: Shift+drag on the timeline to choose a range.', 'info', 4000);
      return;
    }
    this.select(r, true);
  }

  private startPass(s: ReplayState): void {
    if (s.relabel) return;
    const r = this.selection;
    if (!r) {
      this.toasts.show('Choose a range to relabel first: Shift+drag on the timeline, or I.', 'info', 4000);
      return;
    }
    // An unmeasured reaction time is said by the panel's latency line and the core's problem.
    this.call(() => this.model.startRelabel(r.from, r.to, this.relabel.selectedSpeed()), 'start the relabel pass');
  }

  private stopPass(keep: boolean): void {
    if (!this.model.state?.relabel) return;
    this.call(async () => {
      const pass = await this.model.stopRelabel(keep);
      if (pass) this.relabel.passes.select(pass.id);
      this.toasts.show(keep ? (pass ? `Pass kept (pending, ${pass.samples} samples): A accepts it, D discards it.` : 'The pass had no labels to keep.') : 'Pass discarded.', 'info', 4000);
    }, keep ? 'keep the pass' : 'discard the pass');
  }

  private setSelectedStatus(status: 'accepted' | 'discarded'): void {
    const p = this.relabel.passes.selected;
    if (!p) {
      this.toasts.show('No relabel pass to accept or discard yet.', 'info', 3000);
      return;
    }
    this.setPassStatus(p, status);
  }

  private setPassStatus(p: RelabelPassInfo, status: 'accepted' | 'discarded'): void {
    this.call(() => this.model.setPassStatus(p.id, status), `mark the pass ${status}`);
  }

  private control(c: ReplayControl): void {
    this.call(() => this.model.control(c), 'control the replay');
  }

  private call(f: () => Promise<unknown>, what: string): void {
    f().catch((err: unknown) => this.toasts.show(`Could not ${what}: ${errorText(err)}`));
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
