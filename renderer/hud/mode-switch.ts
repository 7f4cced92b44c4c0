import type { ControlMode, PolicyState } from '../../src/app/contract.ts';
import { el, setAttr } from '../dom.ts';
import { MODE_LABEL, otherMode } from '../policy/format.ts';

/** Toolbar switch between Teleop and Autonomous (gated); shows the mode the core reports. */
export class ModeSwitch {
  readonly root = el('button', { type: 'button', class: 'tool mode-switch', testid: 'btn-mode', 'data-value': 'teleop', title: 'Teleop ↔ Autonomous (gated) (M)' });
  private mode: ControlMode = 'teleop';

  constructor(switchTo: (mode: ControlMode) => void) {
    this.root.addEventListener('click', () => switchTo(otherMode(this.mode)));
    this.render();
  }

  get current(): ControlMode {
    return this.mode;
  }

  update(p: PolicyState | undefined): void {
    const mode = p?.mode ?? 'teleop';
    if (mode === this.mode) return;
    this.mode = mode;
    this.render();
  }

  private render(): void {
    setAttr(this.root, 'data-value', this.mode);
    setAttr(this.root, 'aria-pressed', String(this.mode === 'gated'));
    this.root.replaceChildren(el('span', { class: 'mode-dot', 'aria-hidden': 'true' }), MODE_LABEL[this.mode], el('kbd', { text: 'M' }));
  }
}
