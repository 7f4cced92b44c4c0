import type { PolicyState } from '../../src/app/contract.ts';
import { el, setText } from '../dom.ts';
import { thresholdText } from '../policy/format.ts';
import { thresholdRequest, type ThresholdSource } from './form-parse.ts';

const CHOICES: ReadonlyArray<[ThresholdSource, string, string]> = [
  ['calibrated', 'Calibrated', 'from the doubt seen at past takeovers (HG-DAgger)'],
  ['rate', 'Target request rate', 'ask for help on this share of steps (ThriftyDAgger)'],
  ['manual', 'Manual', 'a doubt value'],
];

/** Where the doubt threshold comes from. */
export class ThresholdForm {
  private readonly radios = new Map<ThresholdSource, HTMLInputElement>();
  private readonly value = el('input', { type: 'number', step: 'any', min: 0, testid: 'threshold-value', 'aria-label': 'Threshold value' });
  private readonly unit = el('span', { class: 'unit' });
  private readonly apply = el('button', { type: 'button', testid: 'btn-threshold-apply', text: 'Apply' });
  private readonly error = el('span', { class: 'field-error' });
  private readonly now = el('div', { class: 'muted', testid: 'threshold-current' });
  readonly root: HTMLElement;

  constructor(apply: (source: ThresholdSource, value?: number) => Promise<boolean>) {
    const rows = CHOICES.map(([source, title, text]) => {
      const radio = el('input', { type: 'radio', name: 'threshold-source', value: source, testid: `threshold-${source}` });
      radio.addEventListener('change', () => this.showUnit());
      this.radios.set(source, radio);
      return el('label', { class: 'check threshold-choice' }, radio, el('strong', { text: title }), el('span', { class: 'muted', text }));
    });
    this.radios.get('calibrated')!.checked = true;
    this.apply.addEventListener('click', () => {
      const r = thresholdRequest(this.source(), this.value.value);
      if (typeof r === 'string') {
        setText(this.error, r);
        return;
      }
      setText(this.error, '');
      void apply(r.source, r.value);
    });
    this.root = el('fieldset', { class: 'form-group threshold-form', testid: 'threshold-form' }, el('legend', { text: 'Doubt threshold' }),
      ...rows, el('div', { class: 'actions' }, this.value, this.unit, this.apply, this.error), this.now);
    this.showUnit();
  }

  update(p: PolicyState | undefined): void {
    setText(this.now, `Now: ${thresholdText(p)}`);
  }

  private source(): ThresholdSource {
    for (const [s, r] of this.radios) if (r.checked) return s;
    return 'calibrated';
  }

  private showUnit(): void {
    const s = this.source();
    this.value.disabled = s === 'calibrated';
    setText(this.unit, s === 'rate' ? '% of steps' : s === 'manual' ? 'doubt' : '');
  }
}
