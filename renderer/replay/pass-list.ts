import type { RelabelPassInfo } from '../../src/app/contract.ts';
import { el, setAttr, setText } from '../dom.ts';
import { speedLabel } from './replay-logic.ts';

export interface PassListHandlers {
  setStatus(pass: RelabelPassInfo, status: 'accepted' | 'discarded'): void;
  /** Clicking a pass shows its range on the timeline. */
  chosen(pass: RelabelPassInfo): void;
}

const STATUS_TEXT: Record<RelabelPassInfo['status'], string> = {
  pending: 'pending', accepted: 'accepted', discarded: 'discarded', incomplete: 'incomplete (cut short)',
};

/** The episode's relabel passes, newest last, each accepted or discarded by click or A / D. */
export class PassList {
  private readonly body = el('tbody');
  private readonly empty = el('div', { class: 'muted pass-empty', text: 'No relabel passes yet. Select a range (Shift+drag, or I), then R.' });
  readonly root = el('div', { class: 'pass-list', testid: 'pass-list' },
    el('table', {}, el('thead', {}, el('tr', {}, ...['Range', 'Operator', 'Speed', 'Latency', 'Samples', 'Status', ''].map((h) => el('th', { text: h })))), this.body),
    this.empty);
  private passes: readonly RelabelPassInfo[] = [];
  private selectedId: string | null = null;

  constructor(private readonly h: PassListHandlers) {}

  get selected(): RelabelPassInfo | null {
    return this.passes.find((p) => p.id === this.selectedId) ?? null;
  }

  update(passes: readonly RelabelPassInfo[]): void {
    this.passes = passes;
    if (!passes.some((p) => p.id === this.selectedId)) this.selectedId = passes.at(-1)?.id ?? null;
    this.empty.hidden = passes.length > 0;
    this.body.replaceChildren(...passes.map((p) => this.row(p)));
  }

  select(id: string): void {
    this.selectedId = id;
    this.update(this.passes);
  }

  private row(p: RelabelPassInfo): HTMLElement {
    const accept = el('button', { type: 'button', testid: 'btn-pass-accept', title: 'Use this pass as training labels (A)' }, 'Accept', el('kbd', { text: 'A' }));
    const discard = el('button', { type: 'button', testid: 'btn-pass-discard', title: 'Keep the file but never train on this pass (D)' }, 'Discard', el('kbd', { text: 'D' }));
    accept.disabled = p.status === 'accepted';
    discard.disabled = p.status === 'discarded';
    accept.addEventListener('click', (e) => {
      e.stopPropagation();
      this.h.setStatus(p, 'accepted');
    });
    discard.addEventListener('click', (e) => {
      e.stopPropagation();
      this.h.setStatus(p, 'discarded');
    });
    const status = el('td', { class: `pass-status ${p.status}`, text: STATUS_TEXT[p.status] });
    const tr = el('tr', { testid: 'pass-row', 'data-id': p.id, 'data-status': p.status, class: p.id === this.selectedId ? 'selected' : '' },
      el('td', { text: `${p.from.toFixed(2)}–${p.to.toFixed(2)} s` }), el('td', { text: p.operator || '–' }),
      el('td', { text: speedLabel(p.speed) }), el('td', { text: `${Math.round(p.latencyMs)} ms` }),
      el('td', { text: String(p.samples) }), status, el('td', { class: 'pass-actions' }, accept, discard));
    setAttr(tr, 'aria-selected', String(p.id === this.selectedId));
    tr.addEventListener('click', () => {
      this.select(p.id);
      this.h.chosen(p);
    });
    setText(status, STATUS_TEXT[p.status]);
    return tr;
  }
}
