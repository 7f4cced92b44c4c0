import type { ConnectTarget, LinkHealth, LinkStatus, RecordingState } from '../../src/app/contract.ts';
import type { Twist } from '../../src/ros/messages.ts';
import { count, mmss } from '../episodes/format.ts';

/** Ground speed in m/s, negative when the robot backs up. */
export function signedSpeed(t: Twist): number {
  const { x, y, z } = t.linear;
  const magnitude = Math.hypot(x, y, z);
  return x < -1e-3 && Math.abs(x) >= Math.abs(y) ? -magnitude : magnitude;
}

export function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  // "-0.00" reads as motion to an operator; show zero plainly.
  return Number(s) === 0 ? (0).toFixed(digits) : s;
}

export function degPerSec(radPerSec: number): string {
  return `${fixed((radPerSec * 180) / Math.PI, 0)} °/s`;
}

export function clockTime(seconds: number): string {
  const whole = Math.floor(seconds);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  const tenth = Math.floor((seconds - whole) * 10);
  return `${m}:${String(s).padStart(2, '0')}.${tenth}`;
}

export const LINK_LABEL: Record<LinkStatus, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  failed: 'Connection failed',
};

export function targetLabel(target: ConnectTarget | null, profile: string): string {
  if (!target) return 'No robot';
  if (target.kind === 'sim') return `Simulator · ${target.world} · seed ${target.seed}`;
  return `Robot · ${target.profile || profile}`;
}

export function linkDetail(link: LinkHealth): string {
  if (link.status === 'reconnecting' && link.retryInMs !== null) {
    return `retry ${link.attempt} in ${fixed(link.retryInMs / 1000, 1)} s`;
  }
  if (link.status === 'connected') return link.rttMs === null ? 'RTT –' : `RTT ${Math.round(link.rttMs)} ms`;
  return link.lastError ?? '';
}

export function staleTopics(link: LinkHealth): string[] {
  return link.topics.filter((t) => t.stale).map((t) => t.topic);
}

export interface RecordingText {
  state: RecordingState['state'];
  label: string;
  detail: string;
}

/** The REC light's words. An older core may not send `recording`: that reads as off. */
export function recordingText(r: RecordingState | undefined): RecordingText {
  if (!r || r.state === 'off') return { state: 'off', label: 'not recording', detail: '' };
  if (r.state === 'standby') return { state: 'off', label: 'REC standby', detail: 'recording starts when you drive' };
  if (r.state === 'error') {
    return { state: 'error', label: 'REC ERROR', detail: r.lastError ?? 'The episode was closed on a write error; see Problems.' };
  }
  return { state: 'recording', label: 'REC', detail: `${mmss(r.durationS)} · ${count(r.frames)} frames` };
}
