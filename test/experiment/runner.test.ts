import { describe, expect, it } from 'vitest';
import { expertPolicy } from '../../src/experiment/policy.ts';
import { runExperiment, type ExperimentProgress, type RoundRow } from '../../src/experiment/runner.ts';
import type { TrainingSet } from '../../src/record/aggregate-types.ts';
import { fitLinear } from './linear-policy.ts';

const ROW_KEYS = ['round', 'expert_labels', 'episodes', 'km', 'collisions_per_km', 'departures_per_km', 'failures', 'failures_per_km', 'success_rate', 'interventions_per_min', 'requests_per_min', 'operator_s'];

describe('runExperiment', () => {
  it('runs BC, DAgger and HG-DAgger on one budget with a real learner and reports one row per round', async () => {
    const seen: Array<{ n: number; preset: string; warm: boolean }> = [];
    let fits = 0;
    const progress: ExperimentProgress[] = [];
    const opts = {
      world: 'lane' as const, methods: ['bc', 'dagger', 'hgdagger'] as const, rounds: 2, seed: 42,
      episodesPerRound: 2, episodeSeconds: 30, evalEpisodes: 2,
      train: async (set: TrainingSet, previous: unknown) => {
        seen.push({ n: set.stats.frames, preset: set.stats.preset, warm: previous !== null });
        return fitLinear(set, `lin-${++fits}`);
      },
      onProgress: (p: ExperimentProgress) => progress.push(p),
    };
    const result = await runExperiment({ ...opts, methods: [...opts.methods] });
    expect(Object.keys(result)).toEqual(['world', 'seed', 'methods']);
    expect(result).toMatchObject({ world: 'lane', seed: 42 });
    expect(Object.keys(result.methods).sort()).toEqual(['bc', 'dagger', 'hgdagger']);
    for (const rows of Object.values(result.methods) as RoundRow[][]) {
      expect(rows.map((r) => r.round)).toEqual([0, 1, 2]);
      for (const r of rows) {
        expect(Object.keys(r).sort()).toEqual([...ROW_KEYS, 'failures_per_km_ci'].sort());
        for (const k of ROW_KEYS) expect(Number.isFinite(r[k as keyof RoundRow])).toBe(true);
        expect(r.failures_per_km).toBeCloseTo(r.collisions_per_km + r.departures_per_km, 9);
        expect(r.failures_per_km_ci[0]).toBeLessThanOrEqual(r.failures_per_km_ci[1]);
        expect(r.success_rate).toBeGreaterThanOrEqual(0);
        expect(r.success_rate).toBeLessThanOrEqual(1);
      }
      // Round 0 is the shared demonstrations and policy.
      expect(rows[0]).toEqual(result.methods.bc?.[0]);
    }
    const { bc = [], dagger = [], hgdagger = [] } = result.methods;
    // Two 30 s demonstrations at 50 Hz, every frame a label.
    expect(bc[0]?.expert_labels).toBe(3000);
    expect(bc[0]?.episodes).toBe(2);
    for (const r of [1, 2]) {
      // DAgger labels every visited state: it adds at least as many labels as HG-DAgger.
      expect(dagger[r]?.expert_labels).toBeGreaterThan(hgdagger[r]?.expert_labels ?? Infinity);
      expect(hgdagger[r]?.expert_labels).toBeGreaterThanOrEqual(hgdagger[r - 1]?.expert_labels ?? Infinity);
      // The budget: BC holds exactly as many demonstration labels as the most the others hold.
      expect(bc[r]?.expert_labels).toBe(Math.max(dagger[r]?.expert_labels ?? 0, hgdagger[r]?.expert_labels ?? 0));
      expect(dagger[r]?.episodes).toBe(2 + 2 * r);
      expect(hgdagger[r]?.episodes).toBe(2 + 2 * r);
      expect(dagger[r]?.interventions_per_min).toBe(0);
    }
    expect(hgdagger.slice(1).some((r) => r.interventions_per_min > 0)).toBe(true);
    // The trainer saw each method's own preset, warm-started after round 0.
    expect(seen[0]).toEqual({ n: 3000, preset: 'bc', warm: false });
    expect(new Set(seen.slice(1).map((s) => s.preset))).toEqual(new Set(['bc', 'dagger', 'hgdagger']));
    expect(seen.slice(1).every((s) => s.warm)).toBe(true);
    expect(progress[progress.length - 1]).toMatchObject({ done: 21, total: 21 });
    // Deterministic for a seed.
    fits = 0;
    expect(await runExperiment({ ...opts, methods: [...opts.methods], onProgress: undefined })).toEqual(result);
  });

  it('hgdagger+relabel relabels takeovers offline, compensates the reaction time, and plain HG-DAgger matches its operator time', async () => {
    const seen: Array<{ preset: string; relabel: number }> = [];
    let fits = 0;
    const result = await runExperiment({
      world: 'lane', methods: ['hgdagger', 'hgdagger+relabel'], rounds: 1, seed: 42, episodesPerRound: 2, episodeSeconds: 30, evalEpisodes: 1,
      relabel: { speed: 0.25, preS: 2, noiseStd: [0, 0, 0, 0] },
      train: async (set: TrainingSet) => {
        seen.push({ preset: set.stats.preset, relabel: set.stats.byLabel.relabel });
        return fitLinear(set, `lin-${++fits}`);
      },
    });
    const x = result.relabel;
    expect(x).toBeDefined();
    expect(x!.passes).toBeGreaterThan(0);
    // Without the hand's noise, the arithmetic shows plainly: 250 ms of reaction at 0.25x
    // is 62.5 ms of episode time; compensation leaves the calibration's error x 0.25.
    expect(x!.alignment_error_ms_raw).toBeGreaterThan(57);
    expect(x!.alignment_error_ms_raw).toBeLessThan(68);
    expect(x!.alignment_error_ms_compensated).toBeCloseTo(Math.abs(250 - x!.measured_latency_ms) * 0.25, 0);
    expect(x!.alignment_error_ms_compensated).toBeLessThan(x!.control_period_ms);
    expect(Math.abs(x!.measured_latency_ms - 250)).toBeLessThan(40);
    // The relabelling method trained on relabels; plain HG-DAgger never saw one.
    expect(seen.find((s) => s.preset === 'hgdagger+relabel')?.relabel).toBeGreaterThan(0);
    expect(seen.filter((s) => s.preset === 'hgdagger').every((s) => s.relabel === 0)).toBe(true);
    const plain = result.methods.hgdagger?.[1], relabelled = result.methods['hgdagger+relabel']?.[1];
    // Equal operator time: HG-DAgger drove extra episodes for the time spent at the replay.
    expect(plain!.operator_s).toBeGreaterThanOrEqual(relabelled!.operator_s);
    expect(plain!.operator_s - relabelled!.operator_s).toBeLessThan(31);
    expect(plain!.episodes).toBeGreaterThan(relabelled!.episodes);
  });

  it('with the expert as the trained policy every round evaluates without a failure', async () => {
    const result = await runExperiment({
      world: 'lane', methods: ['hgdagger', 'bc'], rounds: 1, seed: 7, episodesPerRound: 1, episodeSeconds: 10, evalEpisodes: 3, evalSeconds: 20,
      train: async () => expertPolicy(),
    });
    expect(Object.keys(result.methods).sort()).toEqual(['bc', 'hgdagger']);
    for (const rows of Object.values(result.methods) as RoundRow[][]) {
      for (const r of rows) expect(r).toMatchObject({ collisions_per_km: 0, departures_per_km: 0, success_rate: 1 });
      expect(rows[1]?.km).toBeGreaterThan(0.05);
    }
    // The expert never needs rescuing, so HG-DAgger adds no labels and BC no demonstrations.
    expect(result.methods.hgdagger?.[1]?.interventions_per_min).toBe(0);
    expect(result.methods.bc?.[1]?.expert_labels).toBe(result.methods.hgdagger?.[1]?.expert_labels);
  });

  it('BC alone adds episodesPerRound demonstrations a round; bad options are named', async () => {
    const result = await runExperiment({
      world: 'lane', methods: ['bc'], rounds: 1, seed: 3, episodesPerRound: 1, episodeSeconds: 5, evalEpisodes: 1,
      train: async (set) => fitLinear(set, 'lin'),
    });
    expect(result.methods.bc?.map((r) => [r.episodes, r.expert_labels])).toEqual([[1, 250], [2, 500]]);
    const base = { world: 'lane' as const, rounds: 1, seed: 1, episodesPerRound: 1, episodeSeconds: 5, train: async () => expertPolicy() };
    await expect(runExperiment({ ...base, methods: [] })).rejects.toThrow(/methods/);
    await expect(runExperiment({ ...base, methods: ['gail' as 'bc'] })).rejects.toThrow(/gail/);
    await expect(runExperiment({ ...base, methods: ['bc'], rounds: -1 })).rejects.toThrow(/-1/);
  });

  it("DAgger's labels come from the synthetic operator by default, from the clean expert on request", async () => {
    const byLabel: Array<Record<string, number>> = [];
    const base = {
      world: 'lane' as const, methods: ['dagger' as const], rounds: 1, seed: 5, episodesPerRound: 1, episodeSeconds: 8, evalEpisodes: 1, evalSeconds: 5,
      train: async (set: TrainingSet) => { byLabel.push({ ...set.stats.byLabel }); return fitLinear(set, 'lin'); },
    };
    await runExperiment(base);
    await runExperiment({ ...base, daggerLabels: 'expert' });
    // Round 0 trains on the operator's demonstrations either way; round 1 adds 400 DAgger labels.
    const none = { operator: 0, expert: 0, relabel: 0 };
    expect(byLabel[0]).toEqual({ ...none, operator: 400 });
    expect(byLabel[1]).toEqual({ ...none, operator: 800 });
    expect(byLabel[2]).toEqual({ ...none, operator: 400 });
    // The expert variant relabels the demonstrations too (they record expert_action).
    expect(byLabel[3]).toEqual({ ...none, expert: 800 });
  });

  it("daggerDelayS slows DAgger's labeller only: the demonstrations are the same, DAgger's labels lag more", async () => {
    const sets: TrainingSet[] = [];
    const base = {
      world: 'lane' as const, methods: ['dagger' as const], rounds: 1, seed: 5, episodesPerRound: 1, episodeSeconds: 8, evalEpisodes: 1, evalSeconds: 5,
      train: async (set: TrainingSet) => { sets.push(set); return expertPolicy(); },
    };
    await runExperiment(base);
    await runExperiment({ ...base, daggerDelayS: 0.5 });
    const [demo, quick, , slow] = sets as [TrainingSet, TrainingSet, TrainingSet, TrainingSet];
    expect(Array.from(sets[2]?.act ?? [])).toEqual(Array.from(demo.act));
    // A labeller at 0.5 s gives nothing (zeros) for its first 0.5 s of an episode, one at 0.25 s for 0.25 s.
    const silentFrames = (set: TrainingSet): number => {
      const from = demo.stats.frames;
      let n = 0;
      while (n < 100 && [0, 1, 2, 3].every((c) => set.act[(from + n) * 4 + c] === 0)) n++;
      return n;
    };
    expect(silentFrames(quick)).toBe(13);
    expect(silentFrames(slow)).toBe(25);
    await expect(runExperiment({ ...base, daggerDelayS: -1 })).rejects.toThrow(/daggerDelayS/);
  });

  it('alignLabelsS pairs every operator label with the state it answered, from round 0 on', async () => {
    const sets: TrainingSet[] = [];
    const base = {
      world: 'lane' as const, methods: ['hgdagger' as const], rounds: 1, seed: 5, episodesPerRound: 1, episodeSeconds: 8, evalEpisodes: 1, evalSeconds: 5,
      train: async (set: TrainingSet) => { sets.push(set); return fitLinear(set, 'lin'); },
    };
    await runExperiment(base);
    await runExperiment({ ...base, alignLabelsS: 0.25 });
    const [plain, , aligned] = sets as [TrainingSet, TrainingSet, TrainingSet];
    // The operator answers 13 ticks (0.26 s) late: aligned, state k carries the command recorded at k + 13.
    expect(aligned.stats.frames).toBe(plain.stats.frames - 13);
    expect(Array.from(aligned.obs.subarray(0, 43 * 5))).toEqual(Array.from(plain.obs.subarray(0, 43 * 5)));
    for (const k of [0, 100, aligned.stats.frames - 1]) {
      expect(Array.from(aligned.act.subarray(k * 4, k * 4 + 4))).toEqual(Array.from(plain.act.subarray((k + 13) * 4, (k + 13) * 4 + 4)));
    }
    await expect(runExperiment({ ...base, alignLabelsS: Number.NaN })).rejects.toThrow(/alignLabelsS/);
  });
});
