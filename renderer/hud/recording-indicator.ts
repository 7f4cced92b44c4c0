import type { RecordingState } from '../../src/app/contract.ts';
import { el, setAttr, setHidden, setText } from '../dom.ts';
import { recordingText } from './format.ts';

/**
 * The REC light over the view, like a camera's: whether this drive is being kept, for how
 * long, and, after a write error, that it is not.
 */
export class RecordingIndicator {
  private readonly label = el('span', { class: 'rec-label', text: 'not recording' });
  private readonly detail = el('span', { class: 'rec-detail', testid: 'hud-rec-detail' });
  private readonly episode = el('div', { class: 'rec-episode', testid: 'hud-rec-episode' });
  readonly root = el('div', { class: 'rec', testid: 'hud-rec', 'data-value': 'off' },
    el('div', { class: 'rec-line' }, el('span', { class: 'rec-dot', 'aria-hidden': 'true' }), this.label, this.detail),
    this.episode);

  constructor() {
    setHidden(this.detail, true);
    setHidden(this.episode, true);
  }

  update(r: RecordingState | undefined): void {
    const t = recordingText(r);
    setAttr(this.root, 'data-value', t.state);
    setText(this.label, t.label);
    setText(this.detail, t.detail);
    setHidden(this.detail, t.detail === '');
    const id = t.state === 'recording' ? r?.episodeId ?? '' : '';
    setText(this.episode, id);
    setHidden(this.episode, id === '');
  }
}
