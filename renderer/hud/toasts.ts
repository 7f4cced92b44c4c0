import { el } from '../dom.ts';

export type ToastLevel = 'info' | 'warning' | 'error';

/** Short-lived notices for things the operator did that failed (an E-STOP that did not reach the app). */
export class Toasts {
  readonly root = el('div', { class: 'toasts', role: 'status', 'aria-live': 'assertive', testid: 'toasts' });

  show(message: string, level: ToastLevel = 'error', ms = 6000): void {
    const toast = el('div', { class: `toast toast-${level}`, text: message });
    this.root.append(toast);
    while (this.root.childElementCount > 4) this.root.firstElementChild?.remove();
    setTimeout(() => toast.remove(), ms);
  }
}
