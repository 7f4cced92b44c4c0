import { describe, expect, it } from 'vitest';
import { roundSummaries, SUMMARY_HEADERS, summaryCells } from '../../renderer/episodes/summary.ts';
import { episode } from './episodes-fixture.ts';

const list = [
  episode({ id: 'd1', round: 0, duration_s: 120, frames: 6000, operator_frames: 6000, policy_frames: 0, interventions: 0 }),
  episode({ id: 'r1a', round: 1, duration_s: 60, frames: 3000, operator_frames: 1500, policy_frames: 1500, interventions: 6, outcome: 'failure' }),
  // A long episode with little operator driving: the share is weighted by frames.
  episode({ id: 'r1b', round: 1, duration_s: 240, frames: 12000, operator_frames: 600, policy_frames: 11400, interventions: 2, outcome: 'success' }),
  episode({ id: 'r1q', round: 1, duration_s: 600, frames: 30000, operator_frames: 30000, policy_frames: 0, interventions: 40, quarantined: true }),
  episode({ id: 'r2', round: 2, duration_s: 0, frames: 0, operator_frames: 0, policy_frames: 0, interventions: 0 }),
];

describe('roundSummaries', () => {
  const [demo, one, two] = roundSummaries(list);

  it('gives one summary per round, in round order', () => {
    expect(roundSummaries(list).map((s) => s.round)).toEqual([0, 1, 2]);
    expect(roundSummaries([])).toEqual([]);
  });

  it('leaves quarantined episodes out of the figures but counts them', () => {
    expect(one).toMatchObject({ episodes: 2, quarantined: 1, durationS: 300, frames: 15000, interventions: 8, success: 1, failure: 1 });
  });

  it('weights the operator share by frames and rates takeovers per minute', () => {
    expect(one?.operatorShare).toBeCloseTo(2100 / 15000);
    expect(one?.interventionsPerMin).toBeCloseTo(8 / 5);
    expect(demo?.operatorShare).toBe(1);
  });

  it('has no share or rate for a round with nothing driven', () => {
    expect(two).toMatchObject({ operatorShare: null, interventionsPerMin: null, episodes: 1 });
  });

  it('renders one cell per header; demonstrations show no takeover figures', () => {
    const cells = roundSummaries(list).map(summaryCells);
    for (const row of cells) expect(row).toHaveLength(SUMMARY_HEADERS.length);
    expect(cells[0]).toEqual(['Round 0 (demos)', '1', '02:00', '–', '–', '100%', '0', '0', '–']);
    expect(cells[1]).toEqual(['Round 1', '2', '05:00', '8', '1.6', '14%', '1', '1', '1']);
    expect(cells[2]).toEqual(['Round 2', '1', '00:00', '0', '–', '–', '0', '0', '–']);
  });
});
