import { el } from '../dom.ts';

export type ToastLevel = 'info' | 'warning' | 'error';

/** Short-lived notices for things the operator did that failed (an E-STOP that did not reach the app). */
export class Toasts {
  readonly root = el('div', { class: 'toasts', role: 'status', 'aria-live': 'assertive', testid: 'toasts' });
  private readonly timers = new WeakMap<Element, ReturnType<typeof setTimeout>>();

  show(message: string, level: ToastLevel = 'error', ms = 6000): void {
    // The same notice again (a key pressed twice) restarts its time rather than stacking up.
    const last = this.root.lastElementChild;
    const toast = last && last.textContent === message && last.classList.contains(`toast-${level}`)
      ? last
      : this.root.appendChild(el('div', { class: `toast toast-${level}`, text: message }));
    while (this.root.childElementCount > 4) this.root.firstElementChild?.remove();
    clearTimeout(this.timers.get(toast));
    this.timers.set(toast, setTimeout(() => toast.remove(), ms));
  }
}
