import type { TrainingState } from '../../src/app/contract.ts';
import { drawLineChart } from '../charts/canvas.ts';
import { el } from '../dom.ts';

/** Training and validation loss per epoch of the current (or last) run; log scale on demand. */
export class LossPlot {
  private readonly canvas = el('canvas', { class: 'chart loss-plot', testid: 'loss-plot', width: 520, height: 180 });
  private readonly log = el('input', { type: 'checkbox', testid: 'loss-log' });
  readonly root = el('div', { class: 'chart-box' },
    el('div', { class: 'chart-head' }, el('span', { class: 'chart-title', text: 'Loss per epoch' }),
      el('span', { class: 'legend legend-train', text: 'train' }), el('span', { class: 'legend legend-val', text: 'validation' }),
      el('label', { class: 'check' }, this.log, 'log scale')),
    this.canvas);
  private history: TrainingState['history'] = [];
  private key = '';

  constructor() {
    this.log.checked = true;
    this.log.addEventListener('change', () => this.draw());
  }

  update(t: TrainingState): void {
    const key = JSON.stringify(t.history);
    if (key === this.key) return;
    this.key = key;
    this.history = t.history;
    this.draw();
  }

  /** Canvas sizes are only known once the panel is on screen: redraw when it opens. */
  draw(): void {
    const h = this.history;
    drawLineChart(this.canvas, [
      { label: 'train', color: '#4aa3ff', values: h.map((p) => p.train) },
      { label: 'validation', color: '#f5a524', values: h.map((p) => p.val), dashed: true },
    ], { log: this.log.checked, xLabels: h.map((p) => String(p.epoch)), empty: 'No training run yet: the loss per epoch appears here.' });
  }
}
