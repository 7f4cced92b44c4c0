import type { ModelInfo, PolicyState } from '../../src/app/contract.ts';
import { el, setHidden, setText } from '../dom.ts';
import { MODEL_HEADERS, modelCells, sortModels } from './model-format.ts';

/** Every checkpoint, the active one marked; Activate rolls back (or forward) to any of them. */
export class ModelHistory {
  private readonly body = el('tbody');
  private readonly empty = el('div', { class: 'muted models-empty', testid: 'models-empty' });
  readonly root = el('div', { class: 'models' },
    el('table', { class: 'models-table', testid: 'models-table' },
      el('thead', {}, el('tr', {}, ...MODEL_HEADERS.map((h, i) => el('th', { class: i === 1 || (i >= 5 && i <= 7) ? 'num' : '', scope: 'col', text: h })), el('th'))),
      this.body),
    this.empty);
  private key = '';
  private busy = new Set<string>();

  constructor(private readonly activate: (version: string) => Promise<boolean>) {}

  /**
   * `policy`: the live gate's view. A model trained while the policy had the robot waits
   * for the next handback (or episode end); until then its row says "next" and the model
   * that still drives says "driving".
   */
  update(models: readonly ModelInfo[], error: string | null, policy?: Pick<PolicyState, 'version' | 'pendingVersion'>): void {
    const driving = policy?.version ?? null;
    const waiting = policy?.pendingVersion ?? null;
    const key = JSON.stringify([models, error, [...this.busy], driving, waiting]);
    if (key === this.key) return;
    this.key = key;
    const sorted = sortModels(models);
    this.body.replaceChildren(...sorted.map((m) => this.row(m, waiting === m.version && driving !== m.version, driving, waiting !== null)));
    const text = sorted.length > 0 ? '' : error ? `Could not load the model history: ${error}` : 'No models yet: train one from the Training tab.';
    setText(this.empty, text);
    setHidden(this.empty, text === '');
    this.empty.classList.toggle('error', sorted.length === 0 && error !== null);
  }

  private row(m: ModelInfo, pending: boolean, driving: string | null, someoneWaits: boolean): HTMLElement {
    const cells = modelCells(m);
    const btn = el('button', { type: 'button', testid: 'btn-activate-model', 'data-version': m.version, text: pending ? 'Next' : m.active ? 'Active' : 'Activate' });
    btn.disabled = m.active || pending || this.busy.has(m.version);
    btn.title = pending ? `Ready: drives from the next handback (${driving ?? 'the model before'} drives until then)`
      : m.active ? 'This model drives now' : `Make ${m.version} the driving policy (swapped in at the next handback)`;
    btn.addEventListener('click', () => {
      this.busy.add(m.version);
      btn.disabled = true;
      void this.activate(m.version).finally(() => this.busy.delete(m.version));
    });
    // With a model waiting, the one that drives says so; otherwise the active one gets the dot.
    const mark = pending ? ' (next)' : m.version === driving && someoneWaits ? ' (driving)' : m.active ? ' ●' : '';
    return el('tr', { class: `model-row${m.active ? ' active' : ''}`, testid: 'model-row', 'data-version': m.version, 'data-active': String(m.active), 'data-pending': String(pending) },
      ...cells.map((text, i) => el('td', { class: i === 1 || (i >= 5 && i <= 7) ? 'num' : '', text: i === 0 ? `${text}${mark}` : text })),
      el('td', {}, btn));
  }
}
