import { el, setAttr, setHidden, setText } from '../dom.ts';

export const ENABLE_HINT = 'hold Shift (keyboard) or LB (gamepad) to drive';
/** In a replay the robot is held: the enable only labels, during a relabel pass. */
export const ENABLE_HINT_REPLAY = 'the robot is held; in a relabel pass (R) hold Shift or LB to label';

/** The deadman: held or not, and how to hold it. */
export class EnableIndicator {
  private readonly label = el('span', { class: 'enable-label' });
  private readonly hint = el('span', { class: 'enable-hint', text: ENABLE_HINT });
  private readonly turbo = el('span', { class: 'turbo', text: 'TURBO', testid: 'hud-turbo' });
  readonly root = el('div', { class: 'enable', testid: 'hud-enable', 'data-value': 'false' }, this.label, this.turbo, this.hint);

  constructor() {
    this.update(false, false);
  }

  /** A replay holds the robot: the hint must not promise driving. */
  setReplay(replay: boolean): void {
    setText(this.hint, replay ? ENABLE_HINT_REPLAY : ENABLE_HINT);
  }

  update(enable: boolean, turbo: boolean): void {
    setAttr(this.root, 'data-value', String(enable));
    setText(this.label, enable ? 'ENABLE HELD' : 'ENABLE RELEASED');
    setHidden(this.hint, enable);
    setHidden(this.turbo, !(enable && turbo));
  }
}
