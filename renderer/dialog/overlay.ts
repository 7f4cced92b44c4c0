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

  /** True when an overlay was open (Esc was for it), even one that may not be dismissed. */
  closeTop(): boolean {
    const top = this.open.at(-1);
    if (top?.dismissable) top.close();
    return top !== undefined;
  }

  /** The overlay that keys are for. */
  get top(): Overlay | undefined {
    return this.open.at(-1);
  }

  get anyOpen(): boolean {
    return this.open.length > 0;
  }
}

export interface OverlayOptions {
  /** For tables: most of the window's width instead of a dialog's. */
  wide?: boolean;
}

/** A modal panel over the view. Closing never touches the robot: safety stays on its keys. */
export class Overlay {
  readonly root: HTMLElement;
  readonly body = el('div', { class: 'overlay-body' });
  /** False while the panel shows something that must be seen through (work in progress). */
  dismissable = true;
  private readonly onCloseListeners: Array<() => void> = [];
  private readonly heading: HTMLElement;
  private readonly closeBtn: HTMLButtonElement;

  constructor(private readonly stack: OverlayStack, title: string, testid: string, opts: OverlayOptions = {}) {
    this.closeBtn = el('button', { type: 'button', class: 'overlay-close', 'aria-label': 'Close (Esc)', title: 'Close (Esc)', text: '×' });
    this.closeBtn.addEventListener('click', () => this.close());
    this.heading = el('h1', { text: title });
    const panel = el('div', { class: `overlay-panel${opts.wide ? ' overlay-wide' : ''}`, role: 'dialog', 'aria-modal': 'true', 'aria-label': title, testid },
      el('div', { class: 'overlay-head' }, this.heading, this.closeBtn), this.body);
    this.root = el('div', { class: 'overlay' }, panel);
    // A click on the dimmed backdrop closes, a click inside the panel does not.
    this.root.addEventListener('pointerdown', (e) => {
      if (e.target === this.root && this.dismissable) this.close();
    });
    this.root.hidden = true;
  }

  setTitle(title: string): void {
    if (this.heading.textContent !== title) this.heading.textContent = title;
  }

  setDismissable(on: boolean): void {
    this.dismissable = on;
    this.closeBtn.hidden = !on;
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
