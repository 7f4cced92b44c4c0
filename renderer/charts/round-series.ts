import type { EpisodeEntry } from '../../src/app/contract.ts';

export interface RoundPoint {
  round: number;
  episodes: number;
  /** Takeovers per minute of driving; null for demonstrations (nobody to take over from) or no time. */
  interventionsPerMin: number | null;
  /** Operator frames over driven frames, weighted by frames. */
  operatorShare: number | null;
  /** Collisions plus departures per km; null when no distance or the world counts neither. */
  failuresPerKm: number | null;
  km: number;
}

/**
 * The per-round curves the HG-DAgger loop is judged by, over the episodes training would
 * see: quarantined ones are left out, as they are from training.
 */
export function roundSeries(list: readonly EpisodeEntry[]): RoundPoint[] {
  const byRound = new Map<number, EpisodeEntry[]>();
  for (const e of list) {
    if (e.quarantined) continue;
    const group = byRound.get(e.round);
    if (group) group.push(e);
    else byRound.set(e.round, [e]);
  }
  return [...byRound.entries()].sort(([a], [b]) => a - b).map(([round, kept]) => {
    const sum = (f: (e: EpisodeEntry) => number): number => kept.reduce((acc, e) => acc + f(e), 0);
    const durationS = sum((e) => e.duration_s);
    const operatorFrames = sum((e) => e.operator_frames);
    const driven = operatorFrames + sum((e) => e.policy_frames);
    const km = sum((e) => e.distance_m) / 1000;
    const counted = kept.filter((e) => e.collisions !== null || e.departures !== null);
    const countedKm = counted.reduce((acc, e) => acc + e.distance_m, 0) / 1000;
    const failures = counted.reduce((acc, e) => acc + (e.collisions ?? 0) + (e.departures ?? 0), 0);
    return {
      round,
      episodes: kept.length,
      interventionsPerMin: round === 0 || durationS <= 0 ? null : sum((e) => e.interventions) / (durationS / 60),
      operatorShare: driven > 0 ? operatorFrames / driven : null,
      failuresPerKm: countedKm > 0 ? failures / countedKm : null,
      km,
    };
  });
}
