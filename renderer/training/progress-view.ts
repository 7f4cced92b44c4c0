import type { TrainingState } from '../../src/app/contract.ts';
import { el, setAttr, setClass, setHidden, setText } from '../dom.ts';
import { progressLine, TRAINING_LABEL, trainingFraction } from '../policy/format.ts';

/** Which backend trains and why, where the run is, and how it failed when it did. */
export class ProgressView {
  /** Pin a backend, or let a short trial pick (the default). */
  private readonly pick = el('select', { testid: 'training-backend-pin', 'aria-label': 'Training backend', title: 'Automatic: a short trial picks the fastest when training starts' });
  private pinnable = '';
  private readonly backend = el('div', { class: 'train-backend', testid: 'training-backend' });
  private readonly reason = el('div', { class: 'train-reason muted', testid: 'training-backend-reason' });
  private readonly state = el('div', { class: 'train-state', testid: 'training-state', 'data-value': 'idle' });
  private readonly bar = el('progress', { class: 'train-bar', max: 1, value: 0 });
  private readonly line = el('div', { class: 'train-line', testid: 'training-line' });
  private readonly error = el('div', { class: 'train-error', testid: 'training-error', role: 'alert' });
  readonly root = el('div', { class: 'train-progress', testid: 'training-progress', 'data-value': '0' },
    el('div', { class: 'train-backend-row' }, el('span', { class: 'muted', text: 'Backend' }), this.backend, this.pick), this.reason,
    this.state, this.bar, this.line, this.error);

  constructor(pin: (backend: string | null) => Promise<boolean>) {
    this.pick.addEventListener('change', () => void pin(this.pick.value === '' ? null : this.pick.value));
  }

  update(t: TrainingState): void {
    if (t.pinnable.join() !== this.pinnable) {
      this.pinnable = t.pinnable.join();
      this.pick.replaceChildren(el('option', { value: '', text: 'Automatic (measured)' }), ...t.pinnable.map((b) => el('option', { value: b, text: `${b} (pinned)` })));
    }
    if (document.activeElement !== this.pick) this.pick.value = t.pin ?? '';
    // The choice applies to the next run; changing it mid-run would read as if it changed this one.
    this.pick.disabled = t.state === 'choosing-backend' || t.state === 'training';
    setText(this.backend, t.backend ?? 'not chosen yet (chosen by a short trial when training starts)');
    setText(this.reason, t.backendReason ?? '');
    setHidden(this.reason, !t.backendReason);
    setAttr(this.state, 'data-value', t.state);
    setText(this.state, TRAINING_LABEL[t.state] ?? t.state);
    const f = trainingFraction(t);
    setAttr(this.root, 'data-value', f.toFixed(3));
    // An indeterminate bar while the backend trial runs: there is no epoch count yet.
    if (t.state === 'choosing-backend') this.bar.removeAttribute('value');
    else this.bar.value = f;
    setClass(this.bar, 'failed', t.state === 'failed');
    setText(this.line, progressLine(t));
    const error = t.state === 'failed' ? t.error ?? 'The training worker stopped without saying why.' : t.error ?? '';
    setText(this.error, error);
    setHidden(this.error, error === '');
  }
}
