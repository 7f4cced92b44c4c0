import { el, setText } from '../dom.ts';
import { roundLabel } from './format.ts';
import { NO_FILTER, type EpisodeFilter, type OutcomeFilter } from './query.ts';

/** Text, round, outcome and the quarantine switch above the table. */
export class EpisodeFilters {
  readonly root: HTMLElement;
  private readonly text = el('input', {
    type: 'search', class: 'filter-text', testid: 'episode-filter', placeholder: 'Filter: id, notes, robot, world…',
    'aria-label': 'Filter episodes by id, notes, robot or world', spellcheck: 'false', autocomplete: 'off',
  });
  private readonly round = el('select', { testid: 'episode-filter-round', 'aria-label': 'Round' });
  private readonly outcome = el('select', { testid: 'episode-filter-outcome', 'aria-label': 'Outcome' },
    el('option', { value: 'any', text: 'Any outcome' }), el('option', { value: 'success', text: 'Success' }),
    el('option', { value: 'failure', text: 'Failure' }), el('option', { value: 'none', text: 'Not tagged' }));
  private readonly quarantined = el('input', { type: 'checkbox', testid: 'episodes-show-quarantined', id: 'episodes-show-quarantined' });
  private readonly shown = el('span', { class: 'filter-count muted', testid: 'episodes-count' });
  private rounds: number[] | null = null;

  constructor(onChange: (f: EpisodeFilter) => void) {
    const changed = (): void => onChange(this.value);
    this.text.addEventListener('input', changed);
    this.round.addEventListener('change', changed);
    this.outcome.addEventListener('change', changed);
    this.quarantined.addEventListener('change', changed);
    this.root = el('div', { class: 'episode-filters' }, this.text, this.round, this.outcome,
      el('label', { class: 'check', for: 'episodes-show-quarantined', title: 'Quarantined episodes stay on disk and never reach training' },
        this.quarantined, 'Show quarantined'),
      el('span', { class: 'spacer' }), this.shown);
    this.setRounds([]);
  }

  get value(): EpisodeFilter {
    const round = this.round.value === '' ? null : Number(this.round.value);
    return {
      text: this.text.value,
      round: round !== null && Number.isInteger(round) ? round : null,
      outcome: this.outcome.value as OutcomeFilter,
      showQuarantined: this.quarantined.checked,
    };
  }

  /** Keeps the chosen round while it still exists. */
  setRounds(rounds: number[]): void {
    const old = this.rounds;
    if (old && rounds.length === old.length && rounds.every((r, i) => r === old[i])) return;
    this.rounds = rounds;
    const keep = this.round.value;
    this.round.replaceChildren(el('option', { value: '', text: 'All rounds' }),
      ...rounds.map((r) => el('option', { value: String(r), text: roundLabel(r) })));
    this.round.value = rounds.map(String).includes(keep) ? keep : '';
  }

  setCount(shown: number, total: number, hiddenQuarantined: number): void {
    const hidden = hiddenQuarantined > 0 ? ` · ${hiddenQuarantined} quarantined hidden` : '';
    setText(this.shown, `${shown} of ${total} shown${hidden}`);
  }

  reset(): void {
    this.text.value = NO_FILTER.text;
    this.round.value = '';
    this.outcome.value = NO_FILTER.outcome;
    this.quarantined.checked = NO_FILTER.showQuarantined;
  }

  focusText(): void {
    this.text.focus();
  }
}
