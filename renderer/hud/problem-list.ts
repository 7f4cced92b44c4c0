import type { Problem } from '../../src/base/problem.ts';
import { el, setText } from '../dom.ts';

const ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const;

/** Current problems, worst first (the core sorts them), each with what to do about it. */
export class ProblemList {
  private readonly list = el('ul', { class: 'problems', testid: 'hud-problems', 'data-count': '0' });
  private readonly empty = el('div', { class: 'muted', text: 'No problems' });
  private readonly title = el('h2', { text: 'Problems' });
  readonly root = el('section', { class: 'panel' }, this.title, this.empty, this.list);
  private lastKey = '';

  update(problems: readonly Problem[]): void {
    const key = JSON.stringify(problems.map((p) => [p.key, p.severity, p.message, p.hint]));
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.list.setAttribute('data-count', String(problems.length));
    this.empty.hidden = problems.length > 0;
    setText(this.title, problems.length ? `Problems (${problems.length})` : 'Problems');
    this.list.replaceChildren(...problems.map((p) => el('li', { class: `problem sev-${p.severity}`, 'data-key': p.key, 'data-severity': p.severity },
      el('span', { class: 'problem-icon', text: ICON[p.severity], 'aria-label': p.severity }),
      el('div', { class: 'problem-body' },
        el('div', { class: 'problem-message', text: p.message }),
        p.hint ? el('div', { class: 'problem-hint', text: p.hint }) : null))));
  }
}
