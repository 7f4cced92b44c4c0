import type { TrainingState } from '../../src/app/contract.ts';
import { count } from '../episodes/format.ts';
import { el, setText } from '../dom.ts';
import { trainingBusy } from '../policy/format.ts';

export type Preset = 'bc' | 'hgdagger' | 'dagger';

const PRESETS: ReadonlyArray<[Preset, string]> = [
  ['hgdagger', 'HG-DAgger (demonstrations + takeovers)'],
  ['bc', 'BC (demonstrations only)'],
  ['dagger', 'DAgger (every labelled state)'],
];

export interface TrainHandlers {
  train(preset: Preset): Promise<boolean>;
  cancel(): Promise<boolean>;
}

/** Train now / Cancel, and how much new operator data the active model has not seen. */
export class TrainControls {
  private readonly preset = el('select', { testid: 'train-preset', 'aria-label': 'Training preset' },
    ...PRESETS.map(([v, text]) => el('option', { value: v, text })));
  private readonly trainBtn = el('button', { type: 'button', class: 'primary', testid: 'btn-train', text: 'Train now' });
  private readonly cancelBtn = el('button', { type: 'button', class: 'danger', testid: 'btn-cancel-training', text: 'Cancel' });
  private readonly fresh = el('span', { class: 'muted', testid: 'training-new-frames' });
  readonly root = el('div', { class: 'actions train-controls' }, this.preset, this.trainBtn, this.cancelBtn, this.fresh);
  private busy = false;
  private pending = false;

  constructor(h: TrainHandlers) {
    this.trainBtn.addEventListener('click', () => void this.wait(h.train(this.preset.value as Preset)));
    this.cancelBtn.addEventListener('click', () => void this.wait(h.cancel()));
    this.render();
  }

  update(t: TrainingState): void {
    this.busy = trainingBusy(t);
    setText(this.fresh, `${count(t.newOperatorFrames)} new operator frame${t.newOperatorFrames === 1 ? '' : 's'} since the active model`);
    this.render();
  }

  private async wait(call: Promise<boolean>): Promise<void> {
    this.pending = true;
    this.render();
    await call;
    this.pending = false;
    this.render();
  }

  private render(): void {
    this.trainBtn.disabled = this.busy || this.pending;
    this.cancelBtn.disabled = !this.busy || this.pending;
    this.preset.disabled = this.busy;
  }
}
