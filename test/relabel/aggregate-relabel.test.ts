import { describe, expect, it } from 'vitest';
import { aggregate, AGGREGATE_PRESETS, type TrainingSet } from '../../src/record/aggregate.ts';
import type { Frame } from '../../src/record/frame.ts';
import { relabelLookup } from '../../src/relabel/lookup.ts';
import { dataset } from '../record/aggregate-fixture.ts';
import { flatPass } from './relabel-fixture.ts';

const rows = (set: TrainingSet): string[] => set.provenance.map((p) => `${p.episode}:${p.index}:${p.label}`);

/** Accepted passes over G 0.2-0.3 (policy frames 2, 3) and 0.6-0.7 (takeover frames 6, 7); others that must not count. */
function passes() {
  return [
    flatPass('a1', 'G', 0.2, 0.3, [0.5, 0, 0, 0.25]),
    flatPass('a2', 'G', 0.6, 0.7, [-0.5, 0, 0, 0]),
    flatPass('p', 'G', 0, 0.1, [3, 0, 0, 0], { status: 'pending' }),
    flatPass('d', 'H', 0, 0.6, [4, 0, 0, 0], { status: 'discarded' }),
    flatPass('i', 'D', 0, 0.1, [5, 0, 0, 0], { status: 'incomplete' }),
    flatPass('q', 'Q', 0, 0.1, [6, 0, 0, 0]),
  ];
}

describe("aggregate preset 'hgdagger+relabel'", () => {
  it('is HG-DAgger where accepted passes give labels: relabels win over takeovers and add policy frames', () => {
    const data = dataset();
    const frames = new Map<string, readonly Frame[]>(data.all.map((e) => [e.entry.id, e.frames]));
    const set = aggregate(data.all, { preset: 'hgdagger+relabel', relabels: relabelLookup(passes(), frames) });
    expect(rows(set)).toEqual([
      'D:0:operator', 'D:1:operator',
      'G:2:relabel', 'G:3:relabel', 'G:6:relabel', 'G:7:relabel', 'G:8:operator',
      'H:1:operator', 'H:2:operator', 'H:4:operator', 'H:5:operator',
    ]);
    expect(Array.from(set.act.slice(2 * 4, 7 * 4))).toEqual([0.5, 0, 0, 0.25, 0.5, 0, 0, 0.25, -0.5, 0, 0, 0, -0.5, 0, 0, 0, 8, 0, 0, 0]);
    expect(set.stats.byLabel).toEqual({ operator: 7, expert: 0, relabel: 4 });
    expect(set.stats.preset).toBe('hgdagger+relabel');
    expect(set.provenance.filter((p) => p.label === 'relabel').map((p) => p.intervention)).toEqual([false, false, true, true]);
  });

  it('with no accepted pass it is exactly hgdagger', () => {
    const data = dataset();
    const none = aggregate(data.all, { preset: 'hgdagger+relabel', relabels: relabelLookup(passes().map((p) => ({ ...p, status: 'pending' as const })), new Map(data.all.map((e) => [e.entry.id, e.frames]))) });
    const plain = aggregate(dataset().all, { preset: 'hgdagger' });
    expect(rows(none)).toEqual(rows(plain));
    expect(Array.from(none.act)).toEqual(Array.from(plain.act));
  });

  it('needs the relabels, and other presets ignore them', () => {
    expect(AGGREGATE_PRESETS).toContain('hgdagger+relabel');
    expect(() => aggregate(dataset().all, { preset: 'hgdagger+relabel' })).toThrow(/hgdagger\+relabel.*relabels/);
    const data = dataset();
    const lookup = relabelLookup(passes(), new Map(data.all.map((e) => [e.entry.id, e.frames])));
    for (const preset of ['bc', 'hgdagger', 'dagger'] as const) {
      expect(rows(aggregate(data.all, { preset, relabels: lookup }))).toEqual(rows(aggregate(data.all, { preset })));
    }
  });
});
