import type { Driver } from '../../src/app/contract.ts';
import { el, setAttr, setText } from '../dom.ts';

const CAPTION: Record<Driver, string> = {
  operator: 'You are driving',
  policy: 'The policy is driving',
  none: 'Nobody is driving',
};

/** Who has the robot right now: the one fact an operator must never have to look for. */
export class DriverBadge {
  private readonly label = el('div', { class: 'driver-label', text: 'NONE' });
  private readonly caption = el('div', { class: 'driver-caption', text: CAPTION.none });
  readonly root = el('div', { class: 'driver', testid: 'hud-driver', 'data-value': 'none' }, this.label, this.caption);

  update(driver: Driver): void {
    setAttr(this.root, 'data-value', driver);
    setText(this.label, driver.toUpperCase());
    setText(this.caption, CAPTION[driver]);
  }
}
