import { el, setHidden, setText } from '../dom.ts';

/** Why the table has no rows: the list could not be loaded, nothing is recorded yet, or the filter. */
export type EmptyReason = { kind: 'error'; error: string } | { kind: 'none' } | { kind: 'filtered' };

/** Shown in place of the table, with the one thing to do about it. */
export class EmptyState {
  private readonly text = el('span');
  private readonly button = el('button', { type: 'button' });
  readonly root = el('div', { class: 'episodes-empty', testid: 'episodes-empty' }, this.text, this.button);
  private reason: EmptyReason | null = null;

  constructor(retry: () => void, clearFilter: () => void) {
    this.button.addEventListener('click', () => {
      if (this.reason?.kind === 'error') retry();
      else if (this.reason?.kind === 'filtered') clearFilter();
    });
  }

  update(reason: EmptyReason | null): void {
    this.reason = reason;
    setHidden(this.root, reason === null);
    if (reason === null) return;
    const [text, action] = reason.kind === 'error'
      ? [`Could not load the episode list: ${reason.error}`, 'Try again']
      : reason.kind === 'none'
        ? ['No episodes yet. Every drive is recorded: connect (K) and drive; each episode appears here when it closes (N closes it now).', '']
        : ['No episode matches the filter.', 'Clear the filter'];
    setText(this.text, text);
    setText(this.button, action);
    setHidden(this.button, action === '');
  }
}
