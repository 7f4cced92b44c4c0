import type { LiveState } from '../../src/app/contract.ts';
import { el, setClass, setText } from '../dom.ts';
import { Overlay, type OverlayStack } from '../dialog/overlay.ts';
import type { AppModel } from '../model.ts';
import type { PolicyActions } from '../policy/policy-actions.ts';
import { AutoTrainForm } from './auto-train-form.ts';
import { LossPlot } from './loss-plot.ts';
import { ModelHistory } from './model-history.ts';
import { ProgressView } from './progress-view.ts';
import { RoundCharts } from './round-charts.ts';
import { ThresholdForm } from './threshold-form.ts';
import { TrainControls } from './train-controls.ts';

type Tab = 'training' | 'models' | 'rounds';

/** T: training, model history (rollback) and the per-round curves, in three tabs. */
export class TrainingPanel {
  private readonly overlay: Overlay;
  private readonly progress: ProgressView;
  private readonly loss = new LossPlot();
  private readonly controls: TrainControls;
  private readonly auto: AutoTrainForm;
  private readonly threshold: ThresholdForm;
  private readonly models: ModelHistory;
  private readonly rounds = new RoundCharts();
  private readonly tabs: Record<Tab, HTMLButtonElement>;
  private readonly panes: Record<Tab, HTMLElement>;
  private tab: Tab = 'training';
  private readonly status = el('div', { class: 'training-status', testid: 'training-status', role: 'status' });

  constructor(stack: OverlayStack, private readonly model: AppModel, actions: PolicyActions) {
    this.overlay = new Overlay(stack, 'Training', 'training-panel', { wide: true });
    this.progress = new ProgressView((b) => actions.setTrainingBackend(b));
    this.controls = new TrainControls({ train: (p) => actions.train(p), cancel: () => actions.cancelTraining() });
    this.auto = new AutoTrainForm((f, end) => actions.setAutoTrain(f, end));
    this.threshold = new ThresholdForm((s, v) => actions.setDoubtThreshold(s, v));
    this.models = new ModelHistory((v) => actions.activateModel(v));
    const tab = (t: Tab, text: string): HTMLButtonElement => {
      const b = el('button', { type: 'button', role: 'tab', class: 'tab', testid: `tab-${t}`, text });
      b.addEventListener('click', () => this.show(t));
      return b;
    };
    this.tabs = { training: tab('training', 'Training'), models: tab('models', 'Models'), rounds: tab('rounds', 'Rounds') };
    this.panes = {
      training: el('div', { class: 'pane training-pane' }, this.progress.root, this.controls.root, this.loss.root,
        el('div', { class: 'training-forms' }, this.auto.root, this.threshold.root)),
      models: el('div', { class: 'pane' }, this.models.root),
      rounds: el('div', { class: 'pane' }, this.rounds.root),
    };
    this.overlay.body.classList.add('training-body');
    this.overlay.body.append(el('div', { class: 'tabs', role: 'tablist' }, this.tabs.training, this.tabs.models, this.tabs.rounds),
      this.status, this.panes.training, this.panes.models, this.panes.rounds);
    actions.onOutcome.on(({ message, error }) => {
      setText(this.status, message);
      setClass(this.status, 'error', error);
    });
    this.show('training');
    model.onState.on((s) => {
      if (this.overlay.isOpen) this.updateState(s);
    });
    model.onModels.on(() => {
      if (this.overlay.isOpen) this.models.update(model.models, model.modelsError, model.state?.policy);
    });
    model.onEpisodes.on(() => {
      if (this.overlay.isOpen && this.tab === 'rounds') this.rounds.update(model.episodes);
    });
  }

  get root(): HTMLElement {
    return this.overlay.root;
  }

  toggle(): void {
    if (this.overlay.isOpen) {
      this.overlay.close();
      return;
    }
    this.overlay.open();
    this.show(this.tab);
    void this.model.refreshModels();
  }

  private show(t: Tab): void {
    this.tab = t;
    for (const [name, b] of Object.entries(this.tabs)) b.setAttribute('aria-selected', String(name === t));
    for (const [name, p] of Object.entries(this.panes)) p.hidden = name !== t;
    if (!this.overlay.isOpen) return;
    // Canvases have a size only once shown: draw them now.
    if (this.model.state) this.updateState(this.model.state);
    if (t === 'training') this.loss.draw();
    if (t === 'models') this.models.update(this.model.models, this.model.modelsError, this.model.state?.policy);
    if (t === 'rounds') this.rounds.update(this.model.episodes);
  }

  private updateState(s: LiveState): void {
    const t = s.training;
    if (t) {
      this.progress.update(t);
      this.controls.update(t);
      this.loss.update(t);
      this.auto.update(t);
    }
    this.threshold.update(s.policy);
    // A pending model swaps in at a handback: the history follows the live gate.
    if (this.tab === 'models') this.models.update(this.model.models, this.model.modelsError, s.policy);
  }
}
