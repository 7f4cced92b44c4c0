import type { PolicyState } from '../../src/app/contract.ts';
import { el, setAttr, setClass, setHidden } from '../dom.ts';
import { AskingEdge } from '../policy/asking-edge.ts';
import type { Beeper } from '../policy/beeper.ts';
import { rumbleBrowserPads } from '../policy/rumble.ts';

/**
 * The app asking for help: a label over the view, a pulsing border around it, and a beep
 * and a rumble of browser gamepads on each new request (see Beeper for when sound is allowed).
 */
export class AskingCue {
  readonly root = el('div', { class: 'asking', testid: 'hud-asking', 'data-value': 'false', role: 'alert' },
    el('strong', { text: 'Policy unsure — take over?' }), el('span', { class: 'asking-hint', text: 'hold LB (or Shift)' }));
  private readonly edge = new AskingEdge();

  constructor(private readonly view: HTMLElement, private readonly beeper: Beeper) {
    setHidden(this.root, true);
  }

  update(p: PolicyState | undefined, now: number): void {
    const asking = p?.asking === true && p.mode === 'gated';
    setAttr(this.root, 'data-value', String(asking));
    setHidden(this.root, !asking);
    setClass(this.view, 'asking-help', asking);
    if (this.edge.update(asking, now)) {
      this.beeper.beep();
      rumbleBrowserPads(navigator);
    }
  }
}
