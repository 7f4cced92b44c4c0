import type { EpisodeEntry } from './dataset-types.ts';

export interface RoundStats {
  /** The round number; null for the totals row. */
  round: number | null;
  episodes: number;
  frames: number;
  operator_frames: number;
  policy_frames: number;
  interventions: number;
  /** Takeovers per minute of driving: the figure that should fall round by round. */
  interventions_per_min: number;
  operator_share: number;
  duration_s: number;
  distance_m: number;
  success: number;
  failure: number;
  untagged: number;
  incomplete: number;
  /** Quarantined episodes are counted here and left out of every other figure. */
  quarantined: number;
}

function emptyRow(round: number | null): RoundStats {
  return {
    round, episodes: 0, frames: 0, operator_frames: 0, policy_frames: 0, interventions: 0, interventions_per_min: 0,
    operator_share: 0, duration_s: 0, distance_m: 0, success: 0, failure: 0, untagged: 0, incomplete: 0, quarantined: 0,
  };
}

function addTo(row: RoundStats, e: EpisodeEntry): void {
  if (e.quarantined) {
    row.quarantined++;
    return;
  }
  row.episodes++;
  row.frames += e.frames;
  row.operator_frames += e.operator_frames;
  row.policy_frames += e.policy_frames;
  row.interventions += e.interventions;
  row.duration_s += e.duration_s;
  row.distance_m += e.distance_m;
  if (e.outcome === 'success') row.success++;
  else if (e.outcome === 'failure') row.failure++;
  else row.untagged++;
  if (!e.complete) row.incomplete++;
}

function finish(row: RoundStats): RoundStats {
  const r2 = (v: number) => Math.round(v * 100) / 100;
  const driven = row.operator_frames + row.policy_frames;
  return {
    ...row,
    duration_s: r2(row.duration_s),
    distance_m: r2(row.distance_m),
    operator_share: driven > 0 ? r2(row.operator_frames / driven) : 0,
    interventions_per_min: row.duration_s > 0 ? r2(row.interventions / (row.duration_s / 60)) : 0,
  };
}

/** Per-round figures of a dataset, in round order, and their totals. */
export function roundStats(entries: readonly EpisodeEntry[]): { rounds: RoundStats[]; total: RoundStats } {
  const byRound = new Map<number, RoundStats>();
  const total = emptyRow(null);
  for (const e of entries) {
    if (!byRound.has(e.round)) byRound.set(e.round, emptyRow(e.round));
    addTo(byRound.get(e.round)!, e);
    addTo(total, e);
  }
  const rounds = [...byRound.values()].sort((a, b) => (a.round ?? 0) - (b.round ?? 0)).map(finish);
  return { rounds, total: finish(total) };
}
