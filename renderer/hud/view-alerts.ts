import { el, setHidden } from '../dom.ts';

/**
 * Latched states repeated over the 3D view: an operator watching the robot must not have
 * to glance at the side column to learn why it does not move.
 */
export class ViewAlerts {
  private readonly estop = el('div', { class: 'view-alert alert-estop', testid: 'view-alert-estop' },
    el('strong', { text: 'E-STOP LATCHED' }), el('span', { text: ' press ' }), el('kbd', { text: 'X' }), el('span', { text: ' to reset when safe' }));
  private readonly disarmed = el('div', { class: 'view-alert alert-disarmed', testid: 'view-alert-disarmed' },
    el('strong', { text: 'DISARMED' }), el('span', { text: ' check the robot, then press ' }), el('kbd', { text: 'R' }), el('span', { text: ' to re-arm' }));
  readonly root = el('div', { class: 'view-alerts' }, this.estop, this.disarmed);

  update(estop: boolean, armed: boolean, connected: boolean): void {
    setHidden(this.estop, !estop);
    setHidden(this.disarmed, estop || armed || !connected);
  }
}
