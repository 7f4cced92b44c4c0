import type { TrainingState } from '../../src/app/contract.ts';
import { el, setText } from '../dom.ts';
import { parseFrames } from './form-parse.ts';

/** When training starts by itself: after N new operator frames, and/or at each episode's end. */
export class AutoTrainForm {
  private readonly afterOn = el('input', { type: 'checkbox', testid: 'auto-after-on' });
  private readonly after = el('input', { type: 'number', min: 1, step: 100, value: 2000, testid: 'auto-after-frames', 'aria-label': 'New operator frames' });
  private readonly atEnd = el('input', { type: 'checkbox', testid: 'auto-episode-end' });
  private readonly apply = el('button', { type: 'button', testid: 'btn-auto-apply', text: 'Apply' });
  private readonly error = el('span', { class: 'field-error' });
  private readonly now = el('div', { class: 'muted', testid: 'auto-current' });
  readonly root = el('fieldset', { class: 'form-group auto-train' }, el('legend', { text: 'Auto-train' }),
    el('label', { class: 'check' }, this.afterOn, 'after', this.after, 'new operator frames'),
    el('label', { class: 'check' }, this.atEnd, 'at the end of each episode'),
    el('div', { class: 'actions' }, this.apply, this.error), this.now);
  private dirty = false;

  constructor(apply: (afterFrames: number | null, atEpisodeEnd: boolean) => Promise<boolean>) {
    for (const input of [this.afterOn, this.after, this.atEnd]) input.addEventListener('input', () => (this.dirty = true));
    this.apply.addEventListener('click', () => {
      let frames: number | null = null;
      if (this.afterOn.checked) {
        const n = parseFrames(this.after.value);
        if (typeof n === 'string') {
          setText(this.error, n);
          return;
        }
        frames = n;
      }
      setText(this.error, '');
      void apply(frames, this.atEnd.checked).then((ok) => {
        if (ok) this.dirty = false;
      });
    });
  }

  update(t: TrainingState): void {
    const a = t.auto;
    const parts = [a.afterFrames !== null ? `after ${a.afterFrames} new operator frames` : null, a.atEpisodeEnd ? 'at each episode end' : null].filter(Boolean);
    setText(this.now, `Now: ${parts.length ? parts.join(' and ') : 'off (train by hand)'}`);
    // The operator's unsaved edit wins over the state stream.
    if (this.dirty) return;
    this.afterOn.checked = a.afterFrames !== null;
    if (a.afterFrames !== null) this.after.value = String(a.afterFrames);
    this.atEnd.checked = a.atEpisodeEnd;
  }
}
