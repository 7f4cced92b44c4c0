import type { EpisodeEntry } from '../../src/app/contract.ts';
import { el, setAttr, setHidden, setText } from '../dom.ts';
import { detailLine } from './format.ts';

export interface ActionHandlers {
  success(): void;
  failure(): void;
  notes(): void;
  quarantine(): void;
  replay(): void;
}

/** What can be done to the selected episode, each with its key. */
export class EpisodeActionBar {
  private readonly successBtn = button('btn-tag-success', 'Success', 'S', 'Tag the selected episode a success (S; again to clear)');
  private readonly failureBtn = button('btn-tag-failure', 'Failure', 'F', 'Tag the selected episode a failure (F; again to clear)');
  private readonly notesBtn = button('btn-edit-notes', 'Edit notes', 'Enter', 'Edit the notes of the selected episode (Enter, or double-click the notes)');
  private readonly quarantineBtn = button('btn-quarantine', 'Quarantine (kept on disk, excluded from training)', 'Q',
    'Move the episode to quarantine/: nothing is deleted, and it can be restored at any time');
  private readonly restoreBtn = button('btn-restore', 'Restore to the dataset', 'Q', 'Move the episode back from quarantine/ so training uses it again');
  private readonly replayBtn = button('btn-replay-episode', 'Replay', 'P', 'Replay the selected episode in the 3D view, with its timeline, and relabel it (P)');
  private readonly detail = el('div', { class: 'episode-detail muted', testid: 'episode-detail' });
  readonly root: HTMLElement;

  constructor(h: ActionHandlers) {
    this.successBtn.classList.add('tag-success-btn');
    this.failureBtn.classList.add('tag-failure-btn');
    this.successBtn.addEventListener('click', () => h.success());
    this.failureBtn.addEventListener('click', () => h.failure());
    this.notesBtn.addEventListener('click', () => h.notes());
    this.quarantineBtn.addEventListener('click', () => h.quarantine());
    this.restoreBtn.addEventListener('click', () => h.quarantine());
    this.replayBtn.addEventListener('click', () => h.replay());
    this.replayBtn.classList.add('primary');
    this.root = el('div', { class: 'episode-actions' }, this.detail,
      el('div', { class: 'actions' }, this.replayBtn, this.successBtn, this.failureBtn, this.notesBtn, el('span', { class: 'spacer' }), this.quarantineBtn, this.restoreBtn));
    this.update(null, false);
  }

  update(e: EpisodeEntry | null, busy: boolean): void {
    for (const b of [this.replayBtn, this.successBtn, this.failureBtn, this.notesBtn, this.quarantineBtn, this.restoreBtn]) b.disabled = e === null || busy;
    setAttr(this.successBtn, 'aria-pressed', String(e?.outcome === 'success'));
    setAttr(this.failureBtn, 'aria-pressed', String(e?.outcome === 'failure'));
    setHidden(this.quarantineBtn, e?.quarantined === true);
    setHidden(this.restoreBtn, e?.quarantined !== true);
    setText(this.detail, e ? detailLine(e) : 'Select an episode (click, or ↑ / ↓).');
  }
}

function button(testid: string, label: string, key: string, title: string): HTMLButtonElement {
  return el('button', { type: 'button', testid, title }, label, el('kbd', { text: key }));
}
