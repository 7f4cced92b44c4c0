import type { EpisodeData } from '../../src/record/aggregate.ts';
import type { EpisodeEntry } from '../../src/record/dataset-types.ts';
import type { Frame, FrameDriver, FrameSource } from '../../src/record/frame.ts';

export const OBS_FIELDS = ['a', 'b'];

interface FrameSpec {
  t: number;
  driver: FrameDriver;
  events?: string[];
  /** Default: the operator's command [index, 0, 0, 0]. null: no input source. */
  op?: number[] | null;
  /** Default: the expert's command [0, 0, 0, index]. */
  expert?: number[] | null;
  obs?: number[];
  source?: FrameSource;
}

let nextNo = 1;

/** An episode whose frame i has obs [episodeNo, i], so every row can be traced by eye. */
export function episode(id: string, round: number, specs: FrameSpec[], entry: Partial<EpisodeEntry> = {}): EpisodeData {
  const no = nextNo++;
  const frames = specs.map((s, i): Frame => ({
    t: s.t, stamp: 1_700_000_000 + s.t, tick: s.source && s.source !== 'tick' ? null : i, source: s.source ?? 'tick',
    obs: s.obs ?? [no, i],
    operator_action: s.op === undefined ? [i, 0, 0, 0] : s.op,
    policy_action: [9, 9, 9, 9],
    expert_action: s.expert === undefined ? [0, 0, 0, i] : s.expert,
    doubt: 0.1, driver: s.driver, policy_version: round > 0 ? `v${round}` : null,
    events: s.events ?? [], enable: s.driver === 'operator', estop: false, armed: true,
    published: null, rtt_ms: 1,
  }));
  return {
    obsFields: [...OBS_FIELDS],
    frames,
    entry: {
      id, file: `episodes/${id}.mcap`, round, start: '2024-01-01T00:00:00Z', end: '2024-01-01T00:01:00Z',
      duration_s: 60, distance_m: 10, frames: frames.length, operator_frames: 0, policy_frames: 0, interventions: 0,
      operator_share: 0, outcome: null, notes: '', complete: true, quarantined: false, robot: 'rover', world: 'lane',
      seed: 1, policy_version: null, operator: 'test', collisions: 0, departures: 0, ...entry,
    },
  };
}

/**
 * D: a demonstration (round 0). 0, 1 operator; 2 nobody drives; 3 NaN observation;
 *    4 operator without input (no label); 5 a step made on input, not on a tick.
 * G: round 1. Policy 0-5, takeover at 6 (t 0.6), operator 7-8 (7 has no expert label),
 *    handback at 9, policy 10. A 0.25 s window before t 0.6 holds 4 and 5.
 * H: round 2, a handback and another takeover soon after. Policy 0, takeover at 1,
 *    operator 2, nobody 3 (settling), takeover again at 4, operator 5, policy 6.
 *    Windows: [-0.15, 0.1) holds 0; [0.15, 0.4) holds 2 and 3.
 * Q, R: quarantined (by flag, by folder), full of operator frames.
 */
export function dataset(): { D: EpisodeData; G: EpisodeData; H: EpisodeData; Q: EpisodeData; R: EpisodeData; all: EpisodeData[] } {
  const D = episode('D', 0, [
    { t: 0, driver: 'operator' },
    { t: 0.1, driver: 'operator' },
    { t: 0.2, driver: 'none' },
    { t: 0.3, driver: 'operator', obs: [Number.NaN, 1] },
    { t: 0.4, driver: 'operator', op: null, expert: null },
    { t: 0.45, driver: 'operator', source: 'input' },
  ]);
  const G = episode('G', 1, [
    ...[0, 0.1, 0.2, 0.3, 0.4, 0.5].map((t) => ({ t, driver: 'policy' as const })),
    { t: 0.6, driver: 'operator', events: ['takeover'] },
    { t: 0.7, driver: 'operator', expert: null },
    { t: 0.8, driver: 'operator' },
    { t: 0.9, driver: 'policy', events: ['handback'] },
    { t: 1.0, driver: 'policy' },
  ]);
  const H = episode('H', 2, [
    { t: 0, driver: 'policy' },
    { t: 0.1, driver: 'operator', events: ['takeover'] },
    { t: 0.2, driver: 'operator' },
    { t: 0.3, driver: 'none' },
    { t: 0.4, driver: 'operator', events: ['takeover'] },
    { t: 0.5, driver: 'operator' },
    { t: 0.6, driver: 'policy', events: ['handback'] },
  ]);
  const Q = episode('Q', 1, [{ t: 0, driver: 'operator' }, { t: 0.1, driver: 'operator' }], { quarantined: true });
  const R = episode('R', 0, [{ t: 0, driver: 'operator' }], { file: 'quarantine/R.mcap' });
  return { D, G, H, Q, R, all: [Q, D, G, H, R] };
}
