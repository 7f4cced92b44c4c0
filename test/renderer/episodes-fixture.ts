import type { EpisodeEntry } from '../../src/app/contract.ts';

/** A plausible manifest entry; tests override what they look at. */
export function episode(over: Partial<EpisodeEntry> & { id: string }): EpisodeEntry {
  return {
    file: `episodes/${over.id}.mcap`, round: 1, start: '2025-03-04T10:00:00.000Z', end: '2025-03-04T10:01:00.000Z',
    duration_s: 60, distance_m: 40, frames: 3000, operator_frames: 300, policy_frames: 2700, interventions: 2,
    operator_share: 0.1, outcome: null, notes: '', complete: true, quarantined: false, robot: 'sim-rover',
    world: 'lane', seed: 1, policy_version: 'v1', operator: 'alice', collisions: 0, departures: 0,
    ...over,
  };
}
