import type { EpisodeEntry } from '../../src/app/contract.ts';

/** Text for episode figures. Pure, so the browser and the HUD read the same way. */

/** 83 -> "01:23"; an hour or more -> "1:02:05". */
export function mmss(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** 0.183 -> "18%"; a share under 1% that is not zero says so rather than rounding to 0. */
export function percent(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '–';
  const p = share * 100;
  if (p > 0 && p < 1) return '<1%';
  if (p < 100 && p > 99) return '>99%';
  return `${Math.round(p)}%`;
}

export function metres(m: number): string {
  if (!Number.isFinite(m)) return '–';
  return m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${m.toFixed(m < 100 ? 1 : 0)} m`;
}

/** 4512 -> "4,512": frame counts are read at a glance, not digit by digit. */
export function count(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

/** ISO time -> local "2025-03-04 14:05:01"; anything unparsable is shown as it came. */
export function startLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

export function roundLabel(round: number): string {
  return round === 0 ? 'Round 0 (demos)' : `Round ${round}`;
}

/** Where and what: shown under the id so a row says which world and robot it came from. */
export function episodeSubtitle(e: EpisodeEntry): string {
  const world = e.world ? `${e.world}${e.seed === null ? '' : ` #${e.seed}`}` : null;
  return [startLabel(e.start), world, e.robot].filter(Boolean).join(' · ');
}

/** The facts the table has no room for. */
export function detailLine(e: EpisodeEntry): string {
  const parts = [e.file, e.policy_version ? `policy ${e.policy_version}` : 'no policy', `operator ${e.operator || '–'}`];
  if (e.collisions !== null) parts.push(`${e.collisions} collision${e.collisions === 1 ? '' : 's'}`);
  if (e.departures !== null) parts.push(`${e.departures} departure${e.departures === 1 ? '' : 's'}`);
  if (!e.complete) parts.push('recovered: the end of the drive may be missing');
  return parts.join(' · ');
}
