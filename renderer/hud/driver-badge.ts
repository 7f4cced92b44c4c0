import type { Driver } from '../../src/app/contract.ts';
import { el, setAttr, setText } from '../dom.ts';

const CAPTION: Record<Driver, string> = {
  operator: 'You are driving',
  policy: 'The policy is driving',
  none: 'Nobody is driving',
};

const RECORDED: Record<Driver, string> = {
  operator: 'The operator drove (recorded)',
  policy: 'The policy drove (recorded)',
  none: 'Nobody drove (recorded)',
};

/** Who has the robot right now: the one fact an operator must never have to look for. */
export class DriverBadge {
  private readonly label = el('div', { class: 'driver-label', text: 'NONE' });
  private readonly caption = el('div', { class: 'driver-caption', text: CAPTION.none });
  readonly root = el('div', { class: 'driver', testid: 'hud-driver', 'data-value': 'none' }, this.label, this.caption);

  /** `recorded`: a replay shows who drove then, not who drives now. */
  update(driver: Driver, recorded = false): void {
    setAttr(this.root, 'data-value', driver);
    setAttr(this.root, 'data-recorded', String(recorded));
    setText(this.label, driver.toUpperCase());
    setText(this.caption, (recorded ? RECORDED : CAPTION)[driver]);
  }
}
