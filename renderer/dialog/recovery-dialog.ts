import type { RecoveryProgress } from '../../src/app/contract.ts';
import { el, setHidden, setText } from '../dom.ts';
import { Overlay, type OverlayStack } from './overlay.ts';
import { recoveryFraction, recoveryHeadline, recoveryKey, recoveryWanted } from './recovery-text.ts';

/**
 * Episodes left unfinished by a crash or power cut are rewritten at start. While that runs
 * the dialog cannot be dismissed (the dataset is not ready); afterwards it lists, episode
 * by episode, what came back and what was lost, until the operator has read it.
 */
export class RecoveryDialog {
  private readonly overlay: Overlay;
  private readonly headline = el('p', { class: 'recovery-headline', testid: 'recovery-headline' });
  private readonly bar = el('progress', { class: 'recovery-bar', testid: 'recovery-progress', max: '1', value: '0' });
  private readonly current = el('div', { class: 'recovery-current muted', testid: 'recovery-current' });
  private readonly lines = el('ul', { class: 'recovery-lines', testid: 'recovery-lines' });
  private readonly ok = el('button', { type: 'button', class: 'primary', testid: 'btn-recovery-ok', text: 'OK' });
  /** Summaries the operator has closed; kept for the page's life. */
  private readonly acknowledged = new Set<string>();
  private shown: RecoveryProgress | null = null;

  constructor(stack: OverlayStack) {
    this.overlay = new Overlay(stack, 'Crash recovery', 'recovery-dialog');
    this.overlay.body.append(this.headline, this.bar, this.current, this.lines, el('div', { class: 'actions' }, this.ok));
    this.ok.addEventListener('click', () => this.overlay.close());
    this.overlay.onClose(() => {
      if (this.shown && !this.shown.active) this.acknowledged.add(recoveryKey(this.shown));
    });
  }

  get root(): HTMLElement {
    return this.overlay.root;
  }

  update(p: RecoveryProgress): void {
    if (!recoveryWanted(p, this.acknowledged)) {
      this.shown = null;
      if (this.overlay.isOpen) this.overlay.close();
      return;
    }
    this.shown = p;
    this.overlay.setTitle(p.active ? 'Recovering after a crash' : 'Crash recovery finished');
    this.overlay.setDismissable(!p.active);
    setText(this.headline, recoveryHeadline(p));
    this.bar.value = recoveryFraction(p);
    setHidden(this.bar, !p.active);
    setText(this.current, p.active && p.current ? `Now: ${p.current}` : '');
    setHidden(this.current, !(p.active && p.current));
    this.lines.replaceChildren(...p.lines.map((line) => el('li', { text: line })));
    setHidden(this.ok, p.active);
    if (!this.overlay.isOpen) this.overlay.open();
    if (!p.active) this.ok.focus();
  }
}
