import type { OperatorInfo, ReactionState } from '../../src/app/contract.ts';
import { Overlay, type OverlayStack } from '../dialog/overlay.ts';
import { el, errorText, setAttr, setClass, setHidden, setText } from '../dom.ts';
import type { ReplayModel } from './replay-model.ts';
import { latencyText } from './replay-logic.ts';

export const REACTION_TRIALS = 12;

/**
 * J: measures the operator's reaction time. Start, wait for the big flash, move the stick.
 * Relabels, and live operator labels at training, are shifted by the mean, so each operator measures their own.
 */
export class ReactionDialog {
  private readonly overlay: Overlay;
  private readonly name = el('input', { type: 'text', testid: 'operator-name', placeholder: 'your name', autocomplete: 'off', spellcheck: 'false' });
  private readonly current = el('div', { class: 'reaction-current', testid: 'reaction-current' });
  private readonly startBtn = el('button', { type: 'button', class: 'primary', testid: 'btn-reaction-start' }, `Start (${REACTION_TRIALS} trials)`);
  private readonly cancelBtn = el('button', { type: 'button', testid: 'btn-reaction-cancel', text: 'Cancel' });
  private readonly stimulus = el('div', { class: 'stimulus', testid: 'reaction-stimulus', 'data-value': 'off' });
  private readonly results = el('ol', { class: 'reaction-results', testid: 'reaction-results' });
  private readonly summary = el('div', { class: 'reaction-summary', testid: 'reaction-summary' });
  private readonly error = el('div', { class: 'error-text', role: 'alert' });
  /** The name being saved: a change event and the Start click must not both save it. */
  private naming: Promise<void> | null = null;

  constructor(stack: OverlayStack, private readonly model: ReplayModel) {
    this.overlay = new Overlay(stack, 'Reaction time', 'reaction-dialog');
    const setName = (): Promise<void> => {
      const n = this.name.value.trim();
      if (this.naming || !n || n === model.operator) return this.naming ?? Promise.resolve();
      this.naming = this.call(() => model.setOperator(n)).finally(() => (this.naming = null));
      return this.naming;
    };
    this.name.addEventListener('change', () => void setName());
    this.name.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        void setName();
        this.name.blur();
      }
    });
    this.startBtn.addEventListener('click', () => {
      this.startBtn.blur();
      // Measured for the name in the field: it is saved first.
      void setName().then(() => this.call(() => model.startReaction(REACTION_TRIALS)));
    });
    this.cancelBtn.addEventListener('click', () => void this.call(() => model.cancelReaction()));
    this.overlay.body.append(
      el('p', { class: 'muted', text: 'Press Start, keep your hands on the gamepad (or the keyboard), and when the panel below lights up, move the stick (or press W) as fast as you can. Relabels, and your live takeovers when a model trains, are shifted back by your mean reaction time.' }),
      el('label', { class: 'reaction-name' }, 'Operator ', this.name), this.current,
      this.stimulus,
      el('div', { class: 'actions' }, this.startBtn, this.cancelBtn),
      this.results, this.summary, this.error);
    this.overlay.onClose(() => {
      if (this.model.reaction?.state === 'running') void this.call(() => model.cancelReaction());
    });
    model.onReaction.on((r) => this.showReaction(r));
    model.onOperators.on(() => this.showOperator(model.currentOperator));
    this.showReaction(null);
  }

  get root(): HTMLElement {
    return this.overlay.root;
  }

  get isOpen(): boolean {
    return this.overlay.isOpen;
  }

  toggle(): void {
    if (this.overlay.isOpen) {
      this.overlay.close();
      return;
    }
    this.name.value = this.model.operator;
    this.showOperator(this.model.currentOperator);
    this.overlay.open();
    if (!this.model.operator) this.name.focus();
  }

  private showOperator(op: OperatorInfo | null): void {
    const lat = latencyText(op);
    setText(this.current, lat.text);
    setClass(this.current, 'warn', !lat.measured);
    if (this.name.ownerDocument.activeElement !== this.name && this.model.operator) this.name.value = this.model.operator;
  }

  private showReaction(r: ReactionState | null): void {
    const running = r?.state === 'running';
    setHidden(this.startBtn, running);
    setHidden(this.cancelBtn, !running);
    this.startBtn.replaceChildren(r && r.state !== 'idle' && !running ? `Measure again (${REACTION_TRIALS} trials)` : `Start (${REACTION_TRIALS} trials)`);
    setAttr(this.stimulus, 'data-value', r?.stimulus ? 'on' : 'off');
    setClass(this.stimulus, 'on', r?.stimulus === true);
    const msg = r ? (running ? `Trial ${r.trial} of ${r.trials}: ${r.message}` : r.message) : 'Not measured in this session yet.';
    setText(this.stimulus, r?.stimulus ? 'NOW!' : msg);
    this.results.replaceChildren(...(r?.resultsMs ?? []).map((ms, i) => el('li', { text: `trial ${i + 1}: ${Math.round(ms)} ms` })));
    const summary = r && r.meanMs !== null
      ? `mean ${Math.round(r.meanMs)} ms${r.sdMs === null ? '' : ` ± ${Math.round(r.sdMs)} ms`} over ${r.resultsMs.length} trials${r.state === 'done' ? ` (saved for ${r.operator})` : ''}`
      : '';
    setText(this.summary, summary);
    setAttr(this.overlay.root, 'data-state', r?.state ?? 'idle');
  }

  private async call(f: () => Promise<unknown>): Promise<void> {
    setText(this.error, '');
    try {
      await f();
    } catch (err) {
      setText(this.error, errorText(err));
    }
  }
}
