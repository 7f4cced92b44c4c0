/**
 * A relabel pass: the operator drove a ghost over a slowed-down replay of one episode,
 * and every control tick left a sample (where the replay was, what the stick said).
 * The operator reacts late, so a label given at replay position p belongs to an earlier
 * instant: p - L * speed, L being their measured reaction time in wall seconds.
 */
import type { PassStatus, RelabelPassInfo } from '../app/contract-replay.ts';
import { ACTION_FIELDS } from '../record/frame.ts';

export interface RelabelSample {
  /** Wall milliseconds since the pass started. */
  wallMs: number;
  /** Replay position (episode seconds) when the sample was taken. */
  replayT: number;
  /** ACTION_FIELDS order. */
  action: number[];
  /** The enable button was held: this sample is a label. */
  enable: boolean;
}

/** What a pass is, apart from its samples and its fate: the contract's fields (speed in episode s per wall s, latency in wall ms, createdAt ISO 8601). */
export type RelabelPassHeader = Pick<RelabelPassInfo, 'id' | 'episodeId' | 'operator' | 'from' | 'to' | 'speed' | 'latencyMs' | 'createdAt'>;

export interface RelabelPass extends RelabelPassHeader {
  status: PassStatus;
  samples: RelabelSample[];
}

/** Most points a plotted track carries; the UI draws a few hundred pixels anyway. */
export const TRACK_POINTS = 2000;

/** The episode time a label given at `replayT` refers to. */
export function compensatedTime(replayT: number, latencyMs: number, speed: number): number {
  return replayT - (latencyMs / 1000) * speed;
}

/** The pass as the UI contract shows it; the track holds enabled samples only. */
export function passInfo(pass: RelabelPass, maxPoints = TRACK_POINTS): RelabelPassInfo {
  const enabled = pass.samples.filter((s) => s.enable);
  const stride = Math.max(1, Math.ceil(enabled.length / Math.max(1, maxPoints)));
  const t: number[] = [];
  const action: number[][] = [];
  for (let i = 0; i < enabled.length; i += stride) {
    const s = enabled[i] as RelabelSample;
    t.push(compensatedTime(s.replayT, pass.latencyMs, pass.speed));
    action.push([...s.action]);
  }
  const { id, episodeId, operator, from, to, speed, latencyMs, createdAt, status } = pass;
  return { id, episodeId, operator, from, to, speed, latencyMs, createdAt, status, samples: pass.samples.length, track: { t, action } };
}

/** Why `value` is not a pass header, or null when it is one. */
export function headerProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const v = value as Record<string, unknown>;
  for (const k of ['id', 'episodeId', 'operator', 'createdAt'] as const) {
    if (typeof v[k] !== 'string' || (k === 'id' && v[k] === '')) return `${k} must be a non-empty string`;
  }
  for (const k of ['from', 'to', 'latencyMs'] as const) {
    if (typeof v[k] !== 'number' || !Number.isFinite(v[k])) return `${k} must be a finite number`;
  }
  if (typeof v.speed !== 'number' || !(v.speed > 0) || !Number.isFinite(v.speed)) return 'speed must be a positive number';
  return null;
}

/** Picks the header fields of a checked value (drops anything else a line carried). */
export function headerOf(v: RelabelPassHeader): RelabelPassHeader {
  const { id, episodeId, operator, from, to, speed, latencyMs, createdAt } = v;
  return { id, episodeId, operator, from, to, speed, latencyMs, createdAt };
}

export function checkSample(s: RelabelSample): void {
  if (!Number.isFinite(s.wallMs) || !Number.isFinite(s.replayT)) throw new Error(`relabel sample: times must be finite, got wallMs ${s.wallMs}, replayT ${s.replayT}`);
  if (s.action.length !== ACTION_FIELDS.length || !s.action.every(Number.isFinite)) throw new Error(`relabel sample: action must be ${ACTION_FIELDS.length} finite numbers, got ${JSON.stringify(s.action)}`);
}
