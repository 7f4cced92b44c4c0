import type { ControlMode, PolicyState, TrainingState } from '../../src/app/contract.ts';

/** Text for the policy, gate and training figures. Pure, so tests read what the operator reads. */

export const MODE_LABEL: Record<ControlMode, string> = {
  teleop: 'Teleop',
  gated: 'Autonomous (gated)',
};

const PHASE_LABEL: Record<string, string> = {
  idle: 'idle',
  manual: 'manual',
  autonomous: 'autonomous',
  takeover: 'takeover',
  settling: 'settling',
  held: 'held',
};

/** The gate phase as the badge shows it; an unknown phase from a newer core is shown as sent. */
export function phaseLabel(phase: string): string {
  return PHASE_LABEL[phase] ?? phase;
}

/** The other mode: what M (or the mode button) switches to. */
export function otherMode(mode: ControlMode): ControlMode {
  return mode === 'teleop' ? 'gated' : 'teleop';
}

/** "v3", or what the operator needs to know when there is none. */
export function versionText(p: PolicyState | undefined): string {
  if (!p || p.version === null) return 'no model yet';
  return `model ${p.version}`;
}

/** A newer model waits for a safe moment: say when it will drive. */
export function pendingText(p: PolicyState | undefined): string {
  if (!p || p.pendingVersion === null || p.pendingVersion === p.version) return '';
  return `${p.pendingVersion} ready — swaps in at the next handback`;
}

/** Loss values span decades: three significant digits, exponent form when tiny. */
export function lossText(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(2);
  return v.toPrecision(3);
}

/** 95 -> "1 min 35 s left". */
export function etaText(s: number | null): string {
  if (s === null || !Number.isFinite(s) || s < 0) return '';
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s left`;
  return `${Math.floor(whole / 60)} min ${whole % 60} s left`;
}

/** Fraction done of a training run, 0..1; 0 before the first epoch is known. */
export function trainingFraction(t: TrainingState): number {
  if (t.state === 'done') return 1;
  if (t.epochs <= 0) return 0;
  return Math.max(0, Math.min(1, t.epoch / t.epochs));
}

export const TRAINING_LABEL: Record<TrainingState['state'], string> = {
  idle: 'Not training',
  'choosing-backend': 'Choosing a backend (short measured trial)…',
  training: 'Training',
  done: 'Done',
  failed: 'Training failed',
  cancelled: 'Cancelled',
};

export function trainingBusy(t: TrainingState | undefined): boolean {
  return t !== undefined && (t.state === 'training' || t.state === 'choosing-backend');
}

/** "epoch 4 / 20 · train 0.0123 · val 0.0150 · 12 s left". */
/** Where the validation loss comes from: held-out whole episodes, or rows when there are too few episodes. */
export function splitText(split: TrainingState['split']): string {
  if (!split) return '';
  if (split.valFrames === 0) return ' (none held out)';
  return ` on ${split.valFrames.toLocaleString('en-US')} held-out frames${split.byEpisode ? ' (whole episodes)' : ''}`;
}

export function progressLine(t: TrainingState): string {
  if (t.epochs <= 0) return '';
  const parts = [`epoch ${t.epoch} / ${t.epochs}`, `train ${lossText(t.trainLoss)}`, `val ${lossText(t.valLoss)}${splitText(t.split)}`];
  const eta = t.state === 'training' ? etaText(t.etaS) : '';
  if (eta) parts.push(eta);
  return parts.join(' · ');
}

/** Doubt bar geometry: the threshold sits at the middle, so "how far past" reads at a glance. */
export function doubtBar(doubt: number | null, threshold: number | null): { fill: number; mark: number | null } {
  if (doubt === null || !Number.isFinite(doubt)) return { fill: 0, mark: threshold === null ? null : 0.5 };
  const full = threshold !== null && threshold > 0 ? threshold * 2 : Math.max(1, doubt);
  return { fill: Math.max(0, Math.min(1, doubt / full)), mark: threshold !== null && threshold > 0 ? 0.5 : null };
}

export function thresholdText(p: PolicyState | undefined): string {
  if (!p || p.threshold === null) return 'no threshold';
  const how = p.thresholdSource === 'calibrated' ? 'calibrated from takeovers'
    : p.thresholdSource === 'rate' ? 'from a target request rate'
      : p.thresholdSource === 'manual' ? 'set by hand' : '';
  return `threshold ${p.threshold.toPrecision(3)}${how ? ` (${how})` : ''}`;
}
