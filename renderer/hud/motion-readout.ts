import type { ViewFrame } from '../../src/app/contract.ts';
import type { PlayerScene } from '../player/player.ts';
import { yawOf } from '../../src/ros/messages.ts';
import { el, setAttr, setText } from '../dom.ts';
import { clockTime, degPerSec, fixed, signedSpeed } from './format.ts';

function cell(label: string, value: HTMLElement, unit = ''): HTMLElement {
  return el('div', { class: 'readout' }, el('span', { class: 'readout-label', text: label }), value,
    unit ? el('span', { class: 'readout-unit', text: unit }) : null);
}

/** Measured motion and where the robot is: speed, yaw rate, x/y, heading, sim time. */
export class MotionReadout {
  private readonly speed = el('span', { class: 'readout-value big', testid: 'hud-speed', 'data-value': '0', text: '–' });
  private readonly yawRate = el('span', { class: 'readout-value', testid: 'hud-yaw-rate', text: '–' });
  private readonly x = el('span', { class: 'readout-value', testid: 'pose-x', text: '–' });
  private readonly y = el('span', { class: 'readout-value', testid: 'pose-y', text: '–' });
  private readonly z = el('span', { class: 'readout-value', testid: 'pose-z', text: '–' });
  private readonly heading = el('span', { class: 'readout-value', testid: 'pose-heading', text: '–' });
  private readonly simTime = el('span', { class: 'readout-value', testid: 'hud-sim-time', text: '–' });
  private readonly zCell = cell('z', this.z, 'm');
  private readonly clockCell = cell('Sim time', this.simTime);
  readonly root = el('div', { class: 'motion' },
    cell('Speed', this.speed, 'm/s'), cell('Yaw rate', this.yawRate),
    cell('x', this.x, 'm'), cell('y', this.y, 'm'), this.zCell, cell('Heading', this.heading),
    this.clockCell);

  /** The active player's frame: live driving or a replay, the readout does not ask which. */
  update(f: ViewFrame, scene: PlayerScene): void {
    const speed = f.twist ? signedSpeed(f.twist) : null;
    setText(this.speed, speed === null ? '–' : fixed(speed, 2));
    setAttr(this.speed, 'data-value', speed === null ? '' : fixed(speed, 3));
    setText(this.yawRate, f.twist ? degPerSec(f.twist.angular.z) : '–');
    const p = f.pose;
    setText(this.x, p ? fixed(p.position.x, 2) : '–');
    setText(this.y, p ? fixed(p.position.y, 2) : '–');
    setAttr(this.x, 'data-value', p ? String(p.position.x) : '');
    setAttr(this.y, 'data-value', p ? String(p.position.y) : '');
    setText(this.z, p ? fixed(p.position.z, 2) : '–');
    this.zCell.hidden = scene.robot !== 'quadrotor' && !(p && Math.abs(p.position.z) > 0.05);
    setText(this.heading, p ? `${fixed((yawOf(p.orientation) * 180) / Math.PI, 0)}°` : '–');
    const label = this.clockCell.firstElementChild;
    if (label) setText(label, scene.clock ?? 'Sim time');
    setText(this.simTime, scene.clock === null ? '–' : clockTime(f.t));
    setAttr(this.simTime, 'data-value', String(f.t));
  }
}
