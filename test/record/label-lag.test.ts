import { describe, expect, it } from 'vitest';
import { aggregate, PRESET_RULES } from '../../src/record/aggregate.ts';
import { withOperatorLag } from '../../src/record/label-lag.ts';
import { episode } from './aggregate-fixture.ts';

/** A takeover at t 0.3: the operator's command at frame i is [i, 0, 0, 0]; at 7 it gave none. */
const takeover = () => episode('T', 1, [
  { t: 0, driver: 'policy' }, { t: 0.1, driver: 'policy' }, { t: 0.2, driver: 'policy' },
  { t: 0.3, driver: 'operator', events: ['takeover'] }, { t: 0.4, driver: 'operator' }, { t: 0.5, driver: 'operator' },
  { t: 0.6, driver: 'policy', events: ['handback'] }, { t: 0.7, driver: 'policy', op: null }, { t: 0.8, driver: 'policy' },
]);

describe('withOperatorLag', () => {
  it('pairs each operator-driven state with the command given one reaction time later', () => {
    const ep = takeover();
    const frames = new Map([[ep.entry.id, ep.frames]]);
    const plain = aggregate([ep], { preset: 'hgdagger' });
    expect(Array.from(plain.act.filter((_, k) => k % 4 === 0))).toEqual([3, 4, 5]);
    const lagged = aggregate([ep], { preset: 'hgdagger', rule: withOperatorLag(PRESET_RULES.hgdagger, 0.2, frames) });
    // The same states, each labelled with the command 0.2 s later (after the handback included);
    // frame 5's answer would be frame 7's, which the operator did not give: no label there.
    expect(lagged.provenance.map((p) => p.index)).toEqual([3, 4]);
    expect(Array.from(lagged.act.filter((_, k) => k % 4 === 0))).toEqual([5, 6]);
    expect(lagged.stats.skipped.noLabel).toBe(1);
    // Past the episode's end there is no answer either: a missing label, never a wrong one.
    const late = aggregate([ep], { preset: 'hgdagger', rule: withOperatorLag(PRESET_RULES.hgdagger, 0.4, frames) });
    expect(late.provenance.map((p) => p.index)).toEqual([4]);
    expect(Array.from(late.act)).toEqual([8, 0, 0, 0]);
    expect(late.stats.skipped.noLabel).toBe(2);
  });

  it('leaves other labels and a zero lag alone, and names a bad lag or a missing episode', () => {
    const ep = takeover();
    const frames = new Map([[ep.entry.id, ep.frames]]);
    const dagger = aggregate([ep], { preset: 'dagger' });
    expect(aggregate([ep], { preset: 'dagger', rule: withOperatorLag(PRESET_RULES.dagger, 0.2, frames) }).act).toEqual(dagger.act);
    expect(aggregate([ep], { preset: 'hgdagger', rule: withOperatorLag(PRESET_RULES.hgdagger, 0, frames) }).act).toEqual(aggregate([ep], { preset: 'hgdagger' }).act);
    expect(() => withOperatorLag(PRESET_RULES.hgdagger, -0.1, frames)).toThrow(/-0.1/);
    expect(() => aggregate([ep], { preset: 'hgdagger', rule: withOperatorLag(PRESET_RULES.hgdagger, 0.2, new Map()) })).toThrow(/no frames for episode "T"/);
  });
});
