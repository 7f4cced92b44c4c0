import { describe, expect, it } from 'vitest';
import { aggregate, PRESET_RULES, withRelabels, type AggregateOptions, type TrainingSet } from '../../src/record/aggregate.ts';
import { dataset, episode } from './aggregate-fixture.ts';

/** Rows as "episode:index", the compact way to say exactly which frames were taken. */
const rows = (set: TrainingSet): string[] => set.provenance.map((p) => `${p.episode}:${p.index}`);
const weights = (set: TrainingSet): number[] => Array.from(set.weight, (w) => Math.round(w * 1e4) / 1e4);
const run = (options: AggregateOptions): TrainingSet => aggregate(dataset().all, options);

describe('aggregate presets', () => {
  it('bc takes the operator frames of demonstrations only', () => {
    const set = run({ preset: 'bc' });
    expect(rows(set)).toEqual(['D:0', 'D:1']);
    expect(set.provenance.map((p) => p.label)).toEqual(['operator', 'operator']);
    expect(Array.from(set.act)).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(set.obs).filter((_, i) => i % 2 === 1)).toEqual([0, 1]);
    expect(weights(set)).toEqual([1, 1]);
    expect(set.stats.skipped).toEqual({ notSelected: 1 + 11 + 7, noLabel: 1, nonFinite: 1, malformed: 0, preIntervention: 0, source: 1 });
    expect(set.stats.episodes).toEqual({ total: 5, used: 3, quarantined: 2, fieldMismatch: 0 });
  });

  it('hgdagger takes operator-driven frames of every round, never policy frames', () => {
    const set = run({ preset: 'hgdagger' });
    expect(rows(set)).toEqual(['D:0', 'D:1', 'G:6', 'G:7', 'G:8', 'H:1', 'H:2', 'H:4', 'H:5']);
    expect(set.provenance.every((p) => p.label === 'operator')).toBe(true);
    expect(set.provenance.map((p) => p.intervention)).toEqual([false, false, true, true, true, true, true, true, true]);
    expect(set.stats.byRound).toEqual({ 0: 2, 1: 3, 2: 4 });
    expect(set.stats.takeovers).toBe(3);
    // Labels are what the operator asked for (operator_action), row by row.
    expect(Array.from(set.act).filter((_, i) => i % 4 === 0)).toEqual([0, 1, 6, 7, 8, 1, 2, 4, 5]);
  });

  it('dagger takes every visited state that has an expert label, whoever drove', () => {
    const set = run({ preset: 'dagger' });
    const G = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10].map((i) => `G:${i}`);
    const H = [0, 1, 2, 3, 4, 5, 6].map((i) => `H:${i}`);
    expect(rows(set)).toEqual(['D:0', 'D:1', 'D:2', ...G, ...H]);
    expect(set.stats.byLabel).toEqual({ operator: 0, expert: 20, relabel: 0 });
    // The target is the expert's action, not the operator's or the policy's.
    expect(Array.from(set.act).filter((_, i) => i % 4 === 3)).toEqual(set.provenance.map((p) => p.index));
    expect(set.stats.skipped.noLabel).toBe(2);
  });

  it('quarantined episodes never reach training, by flag or by folder, under any preset', () => {
    for (const preset of ['bc', 'hgdagger', 'dagger'] as const) {
      const set = run({ preset });
      expect(set.provenance.some((p) => p.episode === 'Q' || p.episode === 'R')).toBe(false);
      expect(set.stats.episodes.quarantined).toBe(2);
    }
    // A quarantined first episode does not choose the observation layout either.
    const { Q, D } = dataset();
    Q.obsFields = ['x', 'y', 'z'];
    Q.frames.forEach((f) => (f.obs = [1, 2, 3]));
    expect(aggregate([Q, D], { preset: 'bc' }).obsFields).toEqual(['a', 'b']);
  });

  it('skips frames with NaN or Infinity in the observation or the label, and counts them', () => {
    const E = episode('E', 0, [
      { t: 0, driver: 'operator', obs: [Number.POSITIVE_INFINITY, 0] },
      { t: 0.1, driver: 'operator', op: [Number.NaN, 0, 0, 0] },
      { t: 0.2, driver: 'operator', op: [1, 0, 0] },
      { t: 0.3, driver: 'operator', obs: [null as unknown as number, 0] },
      { t: 0.4, driver: 'operator' },
    ]);
    const set = aggregate([E], { preset: 'bc' });
    expect(rows(set)).toEqual(['E:4']);
    expect(set.stats.skipped).toMatchObject({ nonFinite: 3, malformed: 1 });
    expect(Array.from(set.obs).every(Number.isFinite)).toBe(true);
  });

  it('takes other sources only when asked', () => {
    const set = run({ preset: 'bc', sources: ['tick', 'input'] });
    expect(rows(set)).toEqual(['D:0', 'D:1', 'D:5']);
  });

  it('relabels plug in as a rule and win wherever they exist, policy frames included', () => {
    const relabel = withRelabels(PRESET_RULES.hgdagger, (id, index) => (id === 'G' && (index === 2 || index === 6) ? [0.5, 0, 0, 0] : null));
    const set = run({ preset: 'hgdagger', rule: relabel });
    expect(rows(set)).toEqual(['D:0', 'D:1', 'G:2', 'G:6', 'G:7', 'G:8', 'H:1', 'H:2', 'H:4', 'H:5']);
    expect(set.provenance.filter((p) => p.label === 'relabel').map((p) => p.index)).toEqual([2, 6]);
    expect(set.act[2 * 4]).toBe(0.5);
  });
});

describe('pre-intervention window', () => {
  it('flags the frames in the window before each takeover, whoever drove them', () => {
    const set = run({ preset: 'dagger', preIntervention: { seconds: 0.25, mode: 'flag' } });
    const flagged = set.provenance.filter((p) => p.preIntervention).map((p) => `${p.episode}:${p.index}`);
    expect(flagged).toEqual(['G:4', 'G:5', 'H:0', 'H:2', 'H:3']);
    expect(weights(set).every((w) => w === 1)).toBe(true);
  });

  it('in hgdagger only the operator frames before a quick re-takeover are in a window', () => {
    const set = run({ preset: 'hgdagger', preIntervention: { seconds: 0.25, mode: 'flag' } });
    expect(set.provenance.filter((p) => p.preIntervention).map((p) => `${p.episode}:${p.index}`)).toEqual(['H:2']);
    const dropped = run({ preset: 'hgdagger', preIntervention: { seconds: 0.25, mode: 'drop' } });
    expect(rows(dropped)).toEqual(['D:0', 'D:1', 'G:6', 'G:7', 'G:8', 'H:1', 'H:4', 'H:5']);
    expect(dropped.stats.skipped.preIntervention).toBe(1);
  });

  it('down-weights by the given factor, then normalises to mean 1', () => {
    const set = run({ preset: 'hgdagger', preIntervention: { seconds: 0.25, mode: 'downweight', weight: 0.5 } });
    const s = 9 / 8.5;
    expect(weights(set)).toEqual([s, s, s, s, s, s, 0.5 * s, s, s].map((w) => Math.round(w * 1e4) / 1e4));
  });

  it('finds takeovers from driver changes when a file carries no events', () => {
    const E = episode('E', 1, [
      { t: 0, driver: 'policy' }, { t: 0.1, driver: 'policy' }, { t: 0.2, driver: 'operator' }, { t: 0.3, driver: 'operator' },
    ]);
    const set = aggregate([E], { preset: 'hgdagger', preIntervention: { seconds: 0.1, mode: 'flag' } });
    expect(set.stats.takeovers).toBe(1);
    expect(set.provenance.map((p) => p.intervention)).toEqual([true, true]);
    expect(aggregate([E], { preset: 'dagger', preIntervention: { seconds: 0.1, mode: 'flag' } }).provenance.map((p) => p.preIntervention))
      .toEqual([false, true, false, false]);
  });

  it('a zero window flags nothing; bad options name the bad value', () => {
    expect(run({ preset: 'dagger', preIntervention: { seconds: 0, mode: 'drop' } }).provenance.some((p) => p.preIntervention)).toBe(false);
    expect(() => run({ preset: 'dagger', preIntervention: { seconds: -1, mode: 'flag' } })).toThrow(/-1/);
    expect(() => run({ preset: 'dagger', preIntervention: { seconds: 1, mode: 'downweight', weight: 0 } })).toThrow(/0/);
    expect(() => run({ preset: 'nope' as 'bc' })).toThrow(/nope/);
    expect(() => run({ preset: 'bc', weighting: 'heavy' as 'uniform' })).toThrow(/heavy/);
  });
});

describe('weighting', () => {
  it('balanced (IWR): interventions and the rest carry equal total weight', () => {
    const set = run({ preset: 'hgdagger', weighting: 'balanced' });
    // 9 rows: 2 demonstration, 7 intervention.
    const wd = 9 / 4, wi = 9 / 14;
    expect(weights(set)).toEqual([wd, wd, wi, wi, wi, wi, wi, wi, wi].map((w) => Math.round(w * 1e4) / 1e4));
    expect(set.stats.weightTotals.intervention).toBeCloseTo(4.5, 5);
    expect(set.stats.weightTotals.other).toBeCloseTo(4.5, 5);
  });

  it('sirius: interventions hold half the weight, pre-intervention almost none, the rest share evenly', () => {
    const set = run({ preset: 'dagger', weighting: 'sirius', preIntervention: { seconds: 0.25, mode: 'flag' } });
    const { byClass } = set.stats;
    expect([byClass.demonstration.frames, byClass.intervention.frames, byClass.preIntervention.frames, byClass.autonomous.frames]).toEqual([2, 5, 5, 8]);
    // Shares 0.5 / 0.002 / 0.498 of 20 rows: per frame 2, 0.008 and 0.996.
    const byRow = new Map(set.provenance.map((p, i) => [`${p.episode}:${p.index}`, set.weight[i] as number]));
    expect(byRow.get('G:6')).toBeCloseTo(2, 5);
    expect(byRow.get('H:2')).toBeCloseTo(0.008, 5);
    expect(byRow.get('G:0')).toBeCloseTo(0.996, 5);
    expect(byRow.get('D:0')).toBeCloseTo(0.996, 5);
    expect(byClass.intervention.weight).toBeCloseTo(10, 4);
    expect(byClass.preIntervention.weight).toBeCloseTo(0.04, 4);
  });

  it('sirius shares are options', () => {
    const set = run({ preset: 'dagger', weighting: 'sirius', sirius: { intervention: 0.25, preIntervention: 0.05 }, preIntervention: { seconds: 0.25, mode: 'flag' } });
    expect(set.stats.byClass.intervention.weight).toBeCloseTo(5, 4);
    expect(set.stats.byClass.preIntervention.weight).toBeCloseTo(1, 4);
    expect(() => run({ preset: 'dagger', weighting: 'sirius', sirius: { intervention: 0.9, preIntervention: 0.2 } })).toThrow(/0\.9/);
  });

  it('every scheme has mean weight 1', () => {
    for (const weighting of ['uniform', 'balanced', 'sirius'] as const) {
      for (const preset of ['bc', 'hgdagger', 'dagger'] as const) {
        const w = run({ preset, weighting, preIntervention: { seconds: 0.25, mode: 'downweight' } }).weight;
        expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 5);
      }
    }
  });
});

describe('observation layout', () => {
  it('gathers episodes recorded with the same fields in another order, skips those missing one', () => {
    const A = episode('A', 0, [{ t: 0, driver: 'operator', obs: [1, 2] }]);
    const B = episode('B', 0, [{ t: 0, driver: 'operator', obs: [20, 10, 30] }]);
    B.obsFields = ['b', 'a', 'c'];
    const C = episode('C', 0, [{ t: 0, driver: 'operator', obs: [5] }]);
    C.obsFields = ['a'];
    const set = aggregate([A, B, C], { preset: 'bc' });
    expect(set.obsFields).toEqual(['a', 'b']);
    expect(Array.from(set.obs)).toEqual([1, 2, 10, 20]);
    expect(set.stats.episodes.fieldMismatch).toBe(1);
    expect(set.actionFields).toEqual(['linear_x', 'linear_y', 'linear_z', 'angular_z']);
  });

  it('an empty dataset gives empty arrays', () => {
    const set = aggregate([], { preset: 'hgdagger', weighting: 'balanced' });
    expect([set.obs.length, set.act.length, set.weight.length, set.provenance.length]).toEqual([0, 0, 0, 0]);
  });
});
