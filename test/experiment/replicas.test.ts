import { describe, expect, it } from 'vitest';
import { checkOrdering, poolReplicas } from '../../src/experiment/replicas.ts';
import { runExperiment, type ExperimentResult, type RoundRow } from '../../src/experiment/runner.ts';
import { replicaSeed } from '../../src/experiment/seeds.ts';
import type { TrainingSet } from '../../src/record/aggregate-types.ts';
import { fitLinear } from './linear-policy.ts';

function row(round: number, km: number, collisions: number, departures: number, labels: number): RoundRow {
  return {
    round, expert_labels: labels, episodes: 4 + 4 * round, km,
    collisions_per_km: collisions / km, departures_per_km: departures / km,
    failures: collisions + departures, failures_per_km: (collisions + departures) / km, failures_per_km_ci: [0, 99],
    success_rate: 0.5, interventions_per_min: round > 0 ? 3 : 0, requests_per_min: round > 0 ? 1 : 0, operator_s: 160 * (round + 1),
  };
}

const replica = (r: number, hg: RoundRow[], extra: Partial<ExperimentResult['methods']> = {}): ExperimentResult => ({
  world: 'forest', seed: 7, ...(r > 0 ? { replica: r } : {}), methods: { hgdagger: hg, ...extra },
});

describe('poolReplicas', () => {
  it('pools failures over all evaluated km, and gives the range, sd and each replica of the rate', () => {
    const a = replica(0, [row(0, 2, 10, 0, 8000), row(1, 2, 4, 2, 9000)]);
    const b = replica(1, [row(0, 1, 5, 0, 8000), row(1, 3, 3, 0, 11000)]);
    const pooled = poolReplicas([a, b]);
    expect(pooled).toMatchObject({ world: 'forest', seed: 7, repeats: 2 });
    expect(pooled.replicas).toEqual([a, b]);
    const last = pooled.methods.hgdagger?.[1] as NonNullable<typeof pooled.methods.hgdagger>[number];
    // 9 failures over 5 km, not the mean of 3/km and 1/km.
    expect(last.failures).toBe(9);
    expect(last.km).toBe(5);
    expect(last.failures_per_km).toBeCloseTo(9 / 5, 12);
    expect(last.collisions_per_km).toBeCloseTo(7 / 5, 12);
    expect(last.departures_per_km).toBeCloseTo(2 / 5, 12);
    expect(last.failures_per_km_replicas).toEqual([3, 1]);
    expect(last.failures_per_km_ci).toEqual([1, 3]);
    expect(last.failures_per_km_sd).toBeCloseTo(Math.SQRT2, 12);
    expect(last.expert_labels).toBe(10000);
    expect(last.interventions_per_min).toBe(3);
  });

  it('refuses replicas of different experiments, and nothing at all', () => {
    const a = replica(0, [row(0, 1, 1, 0, 1)]);
    expect(() => poolReplicas([a, { ...a, seed: 8 }])).toThrow(/replicas of one experiment/);
    expect(() => poolReplicas([])).toThrow(/no results/);
  });

  it('keeps only the methods every replica ran', () => {
    const bc = [row(0, 1, 1, 0, 1)];
    const pooled = poolReplicas([replica(0, bc, { bc }), replica(1, bc)]);
    expect(Object.keys(pooled.methods)).toEqual(['hgdagger']);
  });
});

describe('checkOrdering', () => {
  it('checks the final round against the HG-DAgger paper ordering', () => {
    const m = (fails: number, labels: number): RoundRow[] => [row(0, 1, 30, 0, 8000), row(1, 2, fails, 0, labels)];
    expect(checkOrdering({ bc: m(20, 20000), dagger: m(10, 20000), hgdagger: m(8, 12000) })).toEqual({ beatsBc: true, noWorseThanDagger: true, fewerLabelsThanDagger: true });
    expect(checkOrdering({ bc: m(20, 20000), dagger: m(10, 20000), hgdagger: m(12, 12000) })).toMatchObject({ beatsBc: true, noWorseThanDagger: false });
    expect(checkOrdering({ hgdagger: m(12, 12000) })).toEqual({ beatsBc: null, noWorseThanDagger: null, fewerLabelsThanDagger: null });
  });
});

describe('replicas of runExperiment', () => {
  it('share the layouts and evaluation starts but not the operator noise', async () => {
    const run = (r: number) => {
      let n = 0;
      return runExperiment({
        world: 'lane', methods: ['hgdagger'], rounds: 1, seed: 42, replica: r, episodesPerRound: 2, episodeSeconds: 20, evalEpisodes: 2,
        train: async (set: TrainingSet) => fitLinear(set, `lin-${++n}`),
      });
    };
    const [zero, again, one] = [await run(0), await run(0), await run(1)];
    expect(again).toEqual(zero);
    expect(one.replica).toBe(1);
    expect(zero.replica).toBeUndefined();
    // Same demonstration layouts and length, so the same operator time; other noise, so other labels and policy.
    const [z0, o0] = [zero.methods.hgdagger?.[0], one.methods.hgdagger?.[0]];
    expect(o0?.operator_s).toBe(z0?.operator_s);
    expect(o0?.expert_labels).toBe(z0?.expert_labels);
    expect(one.methods).not.toEqual(zero.methods);
    expect(replicaSeed(42, 0)).toBe(42);
    expect(replicaSeed(42, 1)).not.toBe(replicaSeed(42, 2));
    await expect(runExperiment({ world: 'lane', methods: ['bc'], rounds: 0, seed: 1, replica: -1, episodesPerRound: 1, episodeSeconds: 10, train: async () => { throw new Error('unused'); } }))
      .rejects.toThrow(/replica must be an integer/);
  }, 60_000);
});
