import type { PolicyState } from '../../src/app/contract.ts';
import { el, setAttr, setHidden, setText } from '../dom.ts';
import { pendingText, phaseLabel, versionText } from '../policy/format.ts';

/**
 * Under the driver badge in gated mode: the gate's phase, how to take over, and which
 * model drives (and which one waits for the next handback).
 */
export class GateBadge {
  private readonly phase = el('span', { class: 'gate-phase', testid: 'hud-phase', 'data-value': 'idle' });
  private readonly hint = el('span', { class: 'gate-hint', testid: 'hud-takeover-hint', text: 'hold LB (or Shift) to take over' });
  private readonly version = el('span', { class: 'gate-version', testid: 'hud-model-version' });
  private readonly pending = el('div', { class: 'gate-pending', testid: 'hud-pending-version' });
  readonly root = el('div', { class: 'gate', testid: 'hud-gate', 'data-mode': 'teleop' },
    el('div', { class: 'gate-line' }, this.phase, this.hint), el('div', { class: 'gate-line' }, this.version), this.pending);

  update(p: PolicyState | undefined): void {
    const gated = p?.mode === 'gated';
    setAttr(this.root, 'data-mode', p?.mode ?? 'teleop');
    const phase = p?.phase ?? 'idle';
    setAttr(this.phase, 'data-value', phase);
    setText(this.phase, phaseLabel(phase).toUpperCase());
    // The hint matters while the policy has the robot; during a takeover the operator already holds it.
    setHidden(this.hint, !gated || phase === 'takeover');
    setText(this.version, versionText(p));
    const pending = pendingText(p);
    setText(this.pending, pending);
    setHidden(this.pending, pending === '');
    setHidden(this.phase, !gated && phase === 'idle');
  }
}
