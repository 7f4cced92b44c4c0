import { el, setAttr, setHidden, setText } from '../dom.ts';

export interface SafetyHandlers {
  estop(): void;
  resetEstop(): void;
  arm(): void;
}

/** E-STOP (always there, always red), its latch, and the armed state after a link loss. */
export class SafetyPanel {
  private readonly estopState = el('div', { class: 'estop-state', testid: 'hud-estop', 'data-value': 'false' });
  private readonly resetBtn = el('button', { type: 'button', class: 'btn-reset', testid: 'btn-reset-estop' }, 'Reset E-stop', el('kbd', { text: 'X' }));
  private readonly armedState = el('div', { class: 'armed-state', testid: 'hud-armed', 'data-value': 'true' });
  private readonly armHint = el('div', { class: 'arm-hint' });
  private readonly armBtn = el('button', { type: 'button', class: 'btn-rearm', testid: 'btn-rearm' }, 'Re-arm', el('kbd', { text: 'R' }));
  readonly root: HTMLElement;

  constructor(h: SafetyHandlers) {
    const estopBtn = el('button', { type: 'button', class: 'btn-estop', testid: 'btn-estop', title: 'Emergency stop (Space)' },
      el('span', { class: 'btn-estop-label', text: 'E-STOP' }), el('span', { class: 'btn-estop-key', text: 'Space' }));
    // pointerdown, not click: a stop must not wait for the finger to lift.
    estopBtn.addEventListener('pointerdown', (e) => {
      if (e.button === 0) h.estop();
    });
    // Keyboard and assistive-technology activation arrive as a click with no pointer (detail 0).
    estopBtn.addEventListener('click', (e) => {
      if (e.detail === 0) h.estop();
    });
    this.resetBtn.addEventListener('click', () => h.resetEstop());
    this.armBtn.addEventListener('click', () => h.arm());
    this.root = el('section', { class: 'safety' },
      estopBtn,
      el('div', { class: 'safety-row' }, this.estopState, this.resetBtn),
      el('div', { class: 'safety-row' }, this.armedState, this.armBtn),
      this.armHint);
    this.update(false, true);
  }

  update(estop: boolean, armed: boolean): void {
    setAttr(this.estopState, 'data-value', String(estop));
    setText(this.estopState, estop ? 'E-STOP LATCHED' : 'E-stop clear');
    setHidden(this.resetBtn, !estop);
    setAttr(this.armedState, 'data-value', String(armed));
    setText(this.armedState, armed ? 'ARMED' : 'DISARMED');
    setHidden(this.armBtn, armed);
    const hint = estop
      ? armed ? 'Nothing moves until the e-stop is reset.' : 'Nothing moves until the e-stop is reset and you re-arm.'
      : armed ? '' : 'Commands are held back (for example after a link loss). Check the robot, then re-arm.';
    setText(this.armHint, hint);
    setHidden(this.armHint, hint === '');
  }
}
