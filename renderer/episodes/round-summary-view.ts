import type { EpisodeEntry } from '../../src/app/contract.ts';
import { el } from '../dom.ts';
import { roundSummaries, SUMMARY_HEADERS, summaryCells } from './summary.ts';

/** Per-round figures over the whole dataset, whatever the filter: the intervention rate round by round. */
export class RoundSummaryView {
  private readonly body = el('tbody');
  private readonly table = el('table', { class: 'round-summary', testid: 'episodes-summary' },
    el('thead', {}, el('tr', {}, ...SUMMARY_HEADERS.map((h, i) => el('th', { class: i > 0 ? 'num' : '', scope: 'col', text: h })))),
    this.body);
  readonly root = el('div', { class: 'round-summary-wrap' }, this.table);
  private lastKey = '';

  update(episodes: readonly EpisodeEntry[]): void {
    const summaries = roundSummaries(episodes);
    const rows = summaries.map(summaryCells);
    const key = JSON.stringify(rows);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.root.hidden = summaries.length === 0;
    this.body.replaceChildren(...summaries.map((s, r) => el('tr', { testid: 'round-summary', 'data-round': s.round },
      ...(rows[r] ?? []).map((text, i) => el('td', { class: i > 0 ? 'num' : '', text })))));
  }
}
