import type { EpisodeEntry } from '../../src/app/contract.ts';
import { mmss, percent, roundLabel } from './format.ts';

export interface RoundSummary {
  round: number;
  /** Episodes that count (quarantined ones excluded). */
  episodes: number;
  quarantined: number;
  durationS: number;
  frames: number;
  interventions: number;
  /** Operator frames over all driven frames of the round; null when nothing was driven. */
  operatorShare: number | null;
  /** Takeovers per minute of recorded driving; null for an empty round. */
  interventionsPerMin: number | null;
  success: number;
  failure: number;
}

/**
 * Per-round figures over the episodes training would see (quarantined ones are counted
 * apart). The operator share is weighted by frames, not averaged over episodes, so a
 * short episode does not weigh as much as an hour's drive.
 */
export function roundSummaries(list: readonly EpisodeEntry[]): RoundSummary[] {
  const byRound = new Map<number, EpisodeEntry[]>();
  for (const e of list) {
    const group = byRound.get(e.round);
    if (group) group.push(e);
    else byRound.set(e.round, [e]);
  }
  return [...byRound.entries()].sort(([a], [b]) => a - b).map(([round, all]) => {
    const kept = all.filter((e) => !e.quarantined);
    const sum = (f: (e: EpisodeEntry) => number): number => kept.reduce((acc, e) => acc + f(e), 0);
    const durationS = sum((e) => e.duration_s);
    const operatorFrames = sum((e) => e.operator_frames);
    const driven = operatorFrames + sum((e) => e.policy_frames);
    const interventions = sum((e) => e.interventions);
    return {
      round,
      episodes: kept.length,
      quarantined: all.length - kept.length,
      durationS,
      frames: sum((e) => e.frames),
      interventions,
      operatorShare: driven > 0 ? operatorFrames / driven : null,
      interventionsPerMin: durationS > 0 ? interventions / (durationS / 60) : null,
      success: kept.filter((e) => e.outcome === 'success').length,
      failure: kept.filter((e) => e.outcome === 'failure').length,
    };
  });
}

export const SUMMARY_HEADERS = ['Round', 'Episodes', 'Driven', 'Interventions', 'Per min', 'Operator', 'Success', 'Failure', 'Quarantined'] as const;

/** One row of the per-round table, in SUMMARY_HEADERS order. Demonstrations have no takeovers to count. */
export function summaryCells(s: RoundSummary): string[] {
  const demo = s.round === 0;
  return [
    roundLabel(s.round),
    String(s.episodes),
    mmss(s.durationS),
    demo ? '–' : String(s.interventions),
    demo || s.interventionsPerMin === null ? '–' : s.interventionsPerMin.toFixed(1),
    percent(s.operatorShare),
    String(s.success),
    String(s.failure),
    s.quarantined ? String(s.quarantined) : '–',
  ];
}
