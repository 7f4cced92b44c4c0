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

  update(s: ReplayState | null): void {
    setHidden(this.root, s === null);
    if (!s) return;
    setText(this.text, `REPLAY — episode ${s.episodeId} — the robot is held`);
    setText(this.relabel, s.relabel ? ' · RELABEL PASS: your stick drives the ghost (hold LB / Shift), not the robot' : ' · Esc returns to live driving');
  }
}
