import { Overlay, type OverlayStack } from '../dialog/overlay.ts';
import { el } from '../dom.ts';

/** Esc during a relabel pass: keep it, throw it away, or go on driving. */
export class StopPrompt {
  private readonly overlay: Overlay;

  constructor(stack: OverlayStack, stop: (keep: boolean) => void) {
    this.overlay = new Overlay(stack, 'Stop the relabel pass?', 'relabel-stop-prompt');
    const keep = el('button', { type: 'button', class: 'primary', testid: 'btn-stop-keep' }, 'Keep it (pending)', el('kbd', { text: 'Enter' }));
    const discard = el('button', { type: 'button', testid: 'btn-stop-discard' }, 'Discard it', el('kbd', { text: '⌫' }));
    const go = el('button', { type: 'button', testid: 'btn-stop-continue' }, 'Go on relabelling', el('kbd', { text: 'Esc' }));
    keep.addEventListener('click', () => this.answer(stop, true));
    discard.addEventListener('click', () => this.answer(stop, false));
    go.addEventListener('click', () => this.overlay.close());
    this.overlay.body.append(el('p', { text: 'A relabel pass is running. Keep what you labelled so far as a pending pass, or discard it?' }),
      el('div', { class: 'actions' }, keep, discard, go));
  }

  get root(): HTMLElement {
    return this.overlay.root;
  }

  get isOpen(): boolean {
    return this.overlay.isOpen;
  }

  open(): void {
    this.overlay.open();
  }

  close(): void {
    this.overlay.close();
  }

  private answer(stop: (keep: boolean) => void, keep: boolean): void {
    this.overlay.close();
    stop(keep);
  }
}
