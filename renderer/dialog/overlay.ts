import { el } from '../dom.ts';

/** Open overlays, newest last, so Esc closes the one on top. */
export class OverlayStack {
  private readonly open: Overlay[] = [];

  push(o: Overlay): void {
    this.remove(o);
    this.open.push(o);
  }

  remove(o: Overlay): void {
    const i = this.open.indexOf(o);
    if (i >= 0) this.open.splice(i, 1);
  }

  /** True when something was closed. */
  closeTop(): boolean {
    const top = this.open.at(-1);
    top?.close();
    return top !== undefined;
  }

  get anyOpen(): boolean {
    return this.open.length > 0;
  }
}

/** A modal panel over the view. Closing never touches the robot: safety stays on its keys. */
export class Overlay {
  readonly root: HTMLElement;
  readonly body = el('div', { class: 'overlay-body' });
  private readonly onCloseListeners: Array<() => void> = [];

  constructor(private readonly stack: OverlayStack, title: string, testid: string) {
    const close = el('button', { type: 'button', class: 'overlay-close', 'aria-label': 'Close (Esc)', title: 'Close (Esc)', text: '×' });
    close.addEventListener('click', () => this.close());
    const panel = el('div', { class: 'overlay-panel', role: 'dialog', 'aria-modal': 'true', 'aria-label': title, testid },
      el('div', { class: 'overlay-head' }, el('h1', { text: title }), close), this.body);
    this.root = el('div', { class: 'overlay' }, panel);
    // A click on the dimmed backdrop closes, a click inside the panel does not.
    this.root.addEventListener('pointerdown', (e) => {
      if (e.target === this.root) this.close();
    });
    this.root.hidden = true;
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  open(): void {
    this.root.hidden = false;
    this.stack.push(this);
  }

  close(): void {
    if (this.root.hidden) return;
    // Focus left in a hidden text field would keep the keyboard from driving.
    const focused = this.root.ownerDocument.activeElement;
    if (focused instanceof HTMLElement && this.root.contains(focused)) focused.blur();
    this.root.hidden = true;
    this.stack.remove(this);
    for (const l of this.onCloseListeners) l();
  }

  toggle(): void {
    if (this.isOpen) this.close();
    else this.open();
  }

  onClose(listener: () => void): void {
    this.onCloseListeners.push(listener);
  }
}
