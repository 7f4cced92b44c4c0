import { el, setAttr, setHidden, setText } from '../dom.ts';

export const ENABLE_HINT = 'hold Shift (keyboard) or LB (gamepad) to drive';

/** The deadman: held or not, and how to hold it. */
export class EnableIndicator {
  private readonly label = el('span', { class: 'enable-label' });
  private readonly hint = el('span', { class: 'enable-hint', text: ENABLE_HINT });
  private readonly turbo = el('span', { class: 'turbo', text: 'TURBO', testid: 'hud-turbo' });
  readonly root = el('div', { class: 'enable', testid: 'hud-enable', 'data-value': 'false' }, this.label, this.turbo, this.hint);

  constructor() {
    this.update(false, false);
  }

  update(enable: boolean, turbo: boolean): void {
    setAttr(this.root, 'data-value', String(enable));
    setText(this.label, enable ? 'ENABLE HELD' : 'ENABLE RELEASED');
    setHidden(this.hint, enable);
    setHidden(this.turbo, !(enable && turbo));
  }
}
