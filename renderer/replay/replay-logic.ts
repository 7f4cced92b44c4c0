import { REPLAY_SPEEDS, type OperatorInfo, type TimelineMarker } from '../../src/app/contract.ts';
import { ACTION_FIELDS } from '../../src/record/frame.ts';
import type { Twist } from '../../src/ros/messages.ts';

export interface Range { from: number; to: number }

/** Relabel speeds offered: the player's (the core accepts no other). */
export const RELABEL_SPEEDS: readonly number[] = REPLAY_SPEEDS;
/** Relabel passes play slowly by default: a quarter speed leaves time to think (the nearest offered). */
export const RELABEL_DEFAULT_SPEED = RELABEL_SPEEDS.includes(0.25) ? 0.25 : 0.2;
/** "The seconds before each intervention": this long before the takeover to this long after. */
export const BEFORE_TAKEOVER_S = 3;
export const AFTER_TAKEOVER_S = 1;

/** The next faster (dir 1) or slower (dir -1) speed of the player's list, from any speed. */
export function stepSpeed(speed: number, dir: 1 | -1): number {
  const speeds: readonly number[] = REPLAY_SPEEDS;
  if (dir > 0) return speeds.find((s) => s > speed + 1e-9) ?? speeds[speeds.length - 1]!;
  return [...speeds].reverse().find((s) => s < speed - 1e-9) ?? speeds[0]!;
}

export function speedLabel(speed: number): string {
  return `${Number(speed.toPrecision(3))}×`;
}

/** [takeover - 3 s, takeover + 1 s] for each takeover, clipped to the episode. */
export function interventionRanges(markers: readonly TimelineMarker[], durationS: number): Range[] {
  return markers.filter((m) => m.kind === 'takeover').sort((a, b) => a.t - b.t)
    .map((m) => ({ from: Math.max(0, m.t - BEFORE_TAKEOVER_S), to: Math.min(durationS, m.t + AFTER_TAKEOVER_S) }));
}

/** The range after the one now selected, cycling; the first when none of them is selected. */
export function nextRange(ranges: readonly Range[], current: Range | null): Range | null {
  if (ranges.length === 0) return null;
  const i = current ? ranges.findIndex((r) => Math.abs(r.from - current.from) < 1e-6 && Math.abs(r.to - current.to) < 1e-6) : -1;
  return ranges[(i + 1) % ranges.length]!;
}

/** A range with its ends in order, inside the episode; null when it is too short to play. */
export function normalRange(a: number, b: number, durationS: number, minS = 0.05): Range | null {
  const from = Math.max(0, Math.min(a, b));
  const to = Math.min(durationS, Math.max(a, b));
  return to - from >= minS ? { from, to } : null;
}

/** m:ss.mmm for the transport, so a frame step is seen to move. */
export function timecode(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
}

export interface LatencyText {
  text: string;
  measured: boolean;
}

/** What the relabel panel says of the operator's reaction time, which shifts every label. */
export function latencyText(op: OperatorInfo | null): LatencyText {
  if (!op || op.reactionMs === null) {
    return { text: `latency not measured yet${op ? ` for ${op.name}` : ''}: labels are not shifted; calibrate (J)`, measured: false };
  }
  const sd = op.reactionSdMs === null ? '' : ` ± ${Math.round(op.reactionSdMs)}`;
  return { text: `latency ${Math.round(op.reactionMs)}${sd} ms (${op.trials} trials)`, measured: true };
}

/** An action vector (ACTION_FIELDS order) as the twist it commands. */
export function actionTwist(action: readonly number[] | null): Twist | null {
  if (!action) return null;
  const v = (name: (typeof ACTION_FIELDS)[number]): number => action[ACTION_FIELDS.indexOf(name)] ?? 0;
  return { linear: { x: v('linear_x'), y: v('linear_y'), z: v('linear_z') }, angular: { x: 0, y: 0, z: v('angular_z') } };
}

export function actionName(index: number): string {
  return ACTION_FIELDS[index] ?? `action ${index}`;
}
