import type { ReplayState } from '../../src/app/contract.ts';
import { el, setHidden, setText } from '../dom.ts';

/** Across the top while a replay is open, so no one mistakes it for live driving. */
export class ReplayBanner {
  private readonly text = el('span', { class: 'replay-banner-text' });
  private readonly relabel = el('span', { class: 'replay-banner-relabel' });
  readonly root = el('div', { class: 'replay-banner', testid: 'replay-banner', role: 'status' }, this.text, this.relabel);

  constructor() {
    this.root.hidden = true;
  }

  /** Reading the episode: shown before the replay opens (an hour of driving takes seconds). */
  opening(id: string, fraction: number): void {
    setHidden(this.root, fraction >= 1);
    setText(this.text, `Opening episode ${id} for the replay… ${Math.round(fraction * 100)} %`);
    setText(this.relabel, '');
  }

  update(s: ReplayState | null): void {
    setHidden(this.root, s === null);
    if (!s) return;
    setText(this.text, `REPLAY — episode ${s.episodeId} — the robot is held`);
    setText(this.relabel, s.relabel ? ' · RELABEL PASS: your stick drives the ghost (hold LB / Shift), not the robot' : ' · Esc returns to live driving');
  }
}
