import { describe, expect, it } from 'vitest';
import { bootstrapRate, evaluatePolicy, MIN_KM } from '../../src/experiment/evaluate.ts';
import type { RolloutMetrics } from '../../src/experiment/rollout-types.ts';
import { expertPolicy, type Policy } from '../../src/experiment/policy.ts';
import { rollout } from '../../src/experiment/rollout.ts';

const still: Policy = { version: 'still', act: () => ({ action: [0, 0, 0, 0], doubt: 0 }) };

describe('evaluation', () => {
  for (const [world, seeds] of [['lane', [101, 102, 103]], ['forest', [101, 102]]] as const) {
    it(`${world}: the expert as a policy fails nowhere`, () => {
      const e = evaluatePolicy({ world, policy: expertPolicy(), seeds, seconds: 25 });
      expect(e).toMatchObject({ episodes: seeds.length, collisions: 0, departures: 0, collisions_per_km: 0, departures_per_km: 0, success_rate: 1 });
      expect(e.km).toBeGreaterThan(seeds.length * 25 * 1.0 / 1000);
      expect(e.runs.map((r) => r.distance / 1000).reduce((a, b) => a + b, 0)).toBeCloseTo(e.km, 12);
    });
  }

  it('counts failures per km; standing still is no success; rates stay finite', () => {
    const crash: Policy = { version: 'crash', act: () => ({ action: [2, 0, 0, 0.6], doubt: 0 }) };
    const e = evaluatePolicy({ world: 'lane', policy: crash, seeds: [7, 8], seconds: 30 });
    expect(e.collisions + e.departures).toBe(2);
    expect(e.success_rate).toBe(0);
    expect(e.collisions_per_km + e.departures_per_km).toBeCloseTo(2 / Math.max(e.km, MIN_KM), 9);
    const s = evaluatePolicy({ world: 'lane', policy: still, seeds: [7], seconds: 5 });
    expect(s).toMatchObject({ km: 0, collisions_per_km: 0, success_rate: 0 });
  });

  it('the expert policy is reset to each episode\'s world', () => {
    const p = expertPolicy();
    expect(() => p.act([])).toThrow(/begin/);
    const a = rollout({ world: 'lane', seed: 5, seconds: 5, mode: 'policy', policy: p });
    rollout({ world: 'lane', seed: 6, seconds: 5, mode: 'policy', policy: p });
    expect(rollout({ world: 'lane', seed: 5, seconds: 5, mode: 'policy', policy: p })).toEqual(a);
  });

  it('bootstrapRate: an interval around the pooled rate that narrows with more episodes', () => {
    const run = (distance: number, failures: number): RolloutMetrics => ({
      seconds: 60, distance, progress: distance, collisions: failures, departures: 0, reachedEnd: false,
      success: failures === 0, interventions: 0, requests: 0, operatorS: 0, expertLabels: 0, frames: 0,
    });
    // 100 m per episode, every other one failing: 5 failures per km.
    const few = Array.from({ length: 8 }, (_, i) => run(100, i % 2));
    const many = Array.from({ length: 80 }, (_, i) => run(100, i % 2));
    const [lo, hi] = bootstrapRate(few);
    expect(lo).toBeLessThan(5);
    expect(hi).toBeGreaterThan(5);
    const [lo2, hi2] = bootstrapRate(many);
    expect(lo2).toBeGreaterThan(lo);
    expect(hi2).toBeLessThan(hi);
    expect(bootstrapRate(few)).toEqual([lo, hi]);
    expect(bootstrapRate(Array.from({ length: 5 }, () => run(100, 0)))).toEqual([0, 0]);
    expect(bootstrapRate([])).toEqual([0, 0]);
  });
});
