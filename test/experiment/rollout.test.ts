import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/experiment/policy.ts';
import { rollout } from '../../src/experiment/rollout.ts';
import { DoubtThreshold } from '../../src/control/doubt-threshold.ts';
import { aggregate } from '../../src/record/aggregate.ts';
import { toEpisodeData } from '../../src/experiment/episode.ts';
import { labelRule } from '../../src/experiment/label-rules.ts';
import type { Frame } from '../../src/record/frame.ts';

/** Full speed ahead, no steering: it leaves a curving road or meets an obstacle. */
const forward = (speed = 1.5): Policy => ({ version: 'forward', act: () => ({ action: [speed, 0, 0, 0], doubt: 0.25 }) });
const drivers = (frames: Frame[]): Set<string> => new Set(frames.map((f) => f.driver));

describe('rollout', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = rollout({ world: 'lane', seed: 4, seconds: 6, mode: 'hgdagger', policy: forward() });
    const b = rollout({ world: 'lane', seed: 4, seconds: 6, mode: 'hgdagger', policy: forward() });
    expect(b).toEqual(a);
    const c = rollout({ world: 'lane', seed: 5, seconds: 6, mode: 'hgdagger', policy: forward() });
    expect(c.frames.map((f) => f.obs)).not.toEqual(a.frames.map((f) => f.obs));
    const n = rollout({ world: 'lane', seed: 4, seconds: 6, mode: 'hgdagger', policy: forward(), noiseSeed: 99 });
    expect(n.frames.map((f) => f.operator_action)).not.toEqual(a.frames.map((f) => f.operator_action));
  });

  it('expert mode: 50 Hz frames, all operator-driven, with the app layout; bc takes every one', () => {
    const r = rollout({ world: 'lane', seed: 2, seconds: 10, mode: 'expert' });
    expect(r.frames).toHaveLength(500);
    expect(r.frames[1]?.t).toBeCloseTo(0.02, 9);
    expect(r.obsFields).toHaveLength(4 + 36 + 3);
    expect(r.obsFields.slice(-3)).toEqual(['lane_offset', 'lane_heading_error', 'lane_curvature_ahead']);
    for (const f of r.frames) {
      expect(f).toMatchObject({ driver: 'operator', source: 'tick', policy_action: null, doubt: null, enable: true });
      expect(f.obs).toHaveLength(43);
      expect(f.operator_action).toEqual(f.published);
      expect(f.expert_action).toHaveLength(4);
    }
    // The operator's reaction delay: it holds still for its first 0.25 s, then drives.
    expect(r.frames[5]?.operator_action).toEqual([0, 0, 0, 0]);
    expect(r.frames[400]?.operator_action?.[0]).toBeGreaterThan(0.5);
    expect(r.metrics).toMatchObject({ collisions: 0, departures: 0, interventions: 0, success: true, expertLabels: 500 });
    expect(r.metrics.operatorS).toBeCloseTo(10, 9);
    expect(r.metrics.distance).toBeGreaterThan(8);
    const set = aggregate([toEpisodeData(r, { id: 'd', round: 0 })], { preset: 'bc' });
    expect(set.stats.frames).toBe(500);
    expect(Array.from(set.act.subarray(400 * 4, 401 * 4))).toEqual(r.frames[400]?.operator_action?.map(Math.fround));
  });

  it('hgdagger with a bad policy: the operator takes over, nothing is hit, and only its frames are labels', () => {
    const r = rollout({ world: 'lane', seed: 2, seconds: 40, mode: 'hgdagger', policy: forward() });
    expect(r.metrics.interventions).toBeGreaterThan(0);
    expect(r.metrics).toMatchObject({ collisions: 0, departures: 0 });
    expect(drivers(r.frames)).toEqual(new Set(['operator', 'policy']));
    const takeovers = r.frames.filter((f) => f.events.includes('takeover'));
    expect(takeovers).toHaveLength(r.metrics.interventions);
    for (const f of takeovers) expect(f.driver).toBe('operator');
    for (const f of r.frames.filter((x) => x.events.includes('handback'))) expect(f.driver).toBe('policy');
    for (const f of r.frames) {
      expect(f.policy_action).toEqual([1.5, 0, 0, 0]);
      expect(f.doubt).toBe(0.25);
      expect(f.policy_version).toBe('forward');
    }
    const operatorFrames = r.frames.filter((f) => f.driver === 'operator');
    expect(r.metrics.expertLabels).toBe(operatorFrames.length);
    expect(r.metrics.operatorS).toBeCloseTo(operatorFrames.length * 0.02, 9);
    const episode = toEpisodeData(r, { id: 'h', round: 1 });
    const set = aggregate([episode], { preset: 'hgdagger' });
    expect(set.stats.frames).toBe(operatorFrames.length);
    expect(set.stats.takeovers).toBe(r.metrics.interventions);
    for (const p of set.provenance) expect(r.frames[p.index]?.driver).toBe('operator');
    // The same frames feed nothing to BC (not a demonstration round) ...
    expect(aggregate([episode], { preset: 'bc' }).stats.frames).toBe(0);
  });

  it('dagger with expert labels: the driver is drawn per 1 s segment, and every visited state carries the expert label', () => {
    const r = rollout({ world: 'lane', seed: 3, seconds: 20, mode: 'dagger', policy: forward(1), beta: 0.5, stopOnFailure: false, daggerLabels: 'expert' });
    expect(drivers(r.frames)).toEqual(new Set(['operator', 'policy']));
    r.frames.forEach((f, k) => {
      expect(f.expert_action).toHaveLength(4);
      if (k % 50 !== 0) expect(f.driver).toBe(r.frames[k - 1]?.driver);
      expect(f.published).toEqual(f.driver === 'operator' ? f.expert_action : f.policy_action);
    });
    const set = aggregate([toEpisodeData(r, { id: 'g', round: 1 })], { preset: 'dagger' });
    expect(set.stats.frames).toBe(1000);
    expect(set.stats.byLabel.expert).toBe(1000);
    expect(r.metrics.expertLabels).toBe(1000);
    expect(r.metrics.interventions).toBe(0);
    const allPolicy = rollout({ world: 'lane', seed: 3, seconds: 4, mode: 'dagger', policy: forward(1), beta: 0, daggerLabels: 'expert' });
    expect(drivers(allPolicy.frames)).toEqual(new Set(['policy']));
    const allExpert = rollout({ world: 'lane', seed: 3, seconds: 4, mode: 'dagger', policy: forward(1), beta: 1, daggerLabels: 'expert' });
    expect(drivers(allExpert.frames)).toEqual(new Set(['operator']));
  });

  it('dagger by default is labelled by the synthetic human: its delayed command on every frame, the clean expert kept aside', () => {
    const opts = { world: 'lane', seed: 3, seconds: 20, mode: 'dagger', policy: forward(1), beta: 0.5, stopOnFailure: false } as const;
    const r = rollout({ ...opts, operator: { noiseStd: [0, 0, 0, 0] } });
    expect(drivers(r.frames)).toEqual(new Set(['operator', 'policy']));
    // 250 ms at 50 Hz: the label at tick k is the expert's action for the state of tick k - 13.
    const lag = 13;
    r.frames.forEach((f, k) => {
      expect(f.expert_action).toHaveLength(4);
      expect(f.operator_action).toEqual(k < lag ? [0, 0, 0, 0] : r.frames[k - lag]?.expert_action);
      expect(f.published).toEqual(f.driver === 'operator' ? f.operator_action : f.policy_action);
      expect(f.events).toEqual([]);
    });
    expect(r.frames.some((f, k) => k >= lag && f.operator_action?.some((v, i) => v !== f.expert_action?.[i]))).toBe(true);
    const set = aggregate([toEpisodeData(r, { id: 'g', round: 1 })], { preset: 'dagger', rule: labelRule('dagger') });
    expect(set.stats.frames).toBe(1000);
    expect(set.stats.byLabel.operator).toBe(1000);
    expect(set.stats.byLabel.expert ?? 0).toBe(0);
    expect(r.metrics).toMatchObject({ expertLabels: 1000, interventions: 0 });
    // With its default noise the human's labels are not the expert's, even where the state is the same.
    const noisy = rollout({ ...opts, beta: 0 });
    const k = 500;
    expect(noisy.frames[k]?.operator_action).not.toEqual(noisy.frames[k - lag]?.expert_action);
    expect(() => rollout({ ...opts, daggerLabels: 'oracle' as 'expert' })).toThrow(/oracle/);
  });

  it('policy mode: no labels; the episode stops at the first failure with a closing event frame', () => {
    const r = rollout({ world: 'lane', seed: 2, seconds: 120, mode: 'policy', policy: forward() });
    expect(r.metrics.collisions + r.metrics.departures).toBe(1);
    expect(r.metrics.success).toBe(false);
    expect(r.metrics.seconds).toBeLessThan(120);
    const last = r.frames[r.frames.length - 1] as Frame;
    expect(last).toMatchObject({ driver: 'none', policy_action: null, published: null });
    expect(last.events.some((e) => e === 'collision' || e === 'departure')).toBe(true);
    for (const f of r.frames.slice(0, -1)) expect(f).toMatchObject({ driver: 'policy', operator_action: null, expert_action: null, events: [] });
    expect(r.metrics.expertLabels).toBe(0);
    const on = rollout({ world: 'lane', seed: 2, seconds: 60, mode: 'policy', policy: forward(), stopOnFailure: false });
    expect(on.metrics.seconds).toBeCloseTo(60, 6);
  });

  it('forest: a gated bad policy is rescued too', () => {
    const r = rollout({ world: 'forest', seed: 1, seconds: 30, mode: 'hgdagger', policy: forward(1.8) });
    expect(r.obsFields.slice(-3)).toEqual(['corridor_offset', 'corridor_heading_error', 'altitude_error']);
    expect(r.metrics.interventions).toBeGreaterThan(0);
    expect(r.metrics).toMatchObject({ collisions: 0, departures: 0 });
  });

  it('hgdagger with doubt alerts: the operator answers the app\'s request where it sees no danger', () => {
    // Slow and straight: no danger in the first 4 s; doubt spikes from tick 100 (t = 2 s).
    let tick = 0;
    const doubtful: Policy = { version: 'doubtful', act: () => ({ action: [0.3, 0, 0, 0], doubt: tick++ >= 100 ? 0.9 : 0.1 }) };
    const quiet = rollout({ world: 'lane', seed: 2, seconds: 4, mode: 'hgdagger', policy: { ...doubtful, act: () => ({ action: [0.3, 0, 0, 0], doubt: 0.9 }) } });
    expect(quiet.metrics).toMatchObject({ interventions: 0, requests: 0 });

    const requests = new DoubtThreshold();
    requests.configure({ source: 'manual', value: 0.5 });
    const r = rollout({ world: 'lane', seed: 2, seconds: 4, mode: 'hgdagger', policy: doubtful, requests });
    // No danger: every takeover was asked for (after each handback, the doubt is still high and it asks again).
    expect(r.metrics.requests).toBeGreaterThan(0);
    expect(r.metrics.interventions).toBe(r.metrics.requests);
    // It answers a reaction time (13 ticks of 20 ms) after the first request.
    const first = r.frames.findIndex((f) => f.events.includes('takeover'));
    expect(first).toBe(113);
    expect(r.frames.slice(0, first).every((f) => f.driver === 'policy')).toBe(true);
    expect(r.frames[first]?.driver).toBe('operator');
    expect(r.metrics.expertLabels).toBe(r.frames.filter((f) => f.driver === 'operator').length);

    // Calibrated, the threshold learns from the doubt the policy had at each takeover.
    const calibrated = new DoubtThreshold();
    for (let i = 0; i < 3; i++) rollout({ world: 'lane', seed: 2, seconds: 40, mode: 'hgdagger', policy: forward(), requests: calibrated });
    expect(calibrated.value()).toBe(0.25);
  });

  it('names bad options', () => {
    expect(() => rollout({ world: 'lane', seed: 1, seconds: 1, mode: 'policy' })).toThrow(/needs a policy/);
    expect(() => rollout({ world: 'lane', seed: 1, seconds: -1, mode: 'expert' })).toThrow(/-1/);
    expect(() => rollout({ world: 'lane', seed: 1, seconds: 1, mode: 'dagger', policy: forward(), beta: 2 })).toThrow(/beta/);
    const bad: Policy = { version: 'v9', act: () => ({ action: [1], doubt: 0 }) };
    expect(() => rollout({ world: 'lane', seed: 1, seconds: 1, mode: 'policy', policy: bad })).toThrow(/v9/);
  });
});
