import { describe, expect, it } from 'vitest';
import { COLUMNS } from '../../renderer/episodes/columns.ts';
import {
  DEFAULT_SORT, filterEpisodes, keepSelection, nextSort, NO_FILTER, roundsOf, sortEpisodes, upsertEpisode,
} from '../../renderer/episodes/query.ts';
import { episode } from './episodes-fixture.ts';

const list = [
  episode({ id: 'ep-a', start: '2025-03-04T10:00:00Z', round: 0, duration_s: 90, interventions: 0, notes: 'clean demo', operator_share: 1 }),
  episode({ id: 'ep-b', start: '2025-03-04T11:00:00Z', round: 1, duration_s: 30, interventions: 5, outcome: 'failure', robot: 'jackal-01', world: null }),
  episode({ id: 'ep-c', start: '2025-03-04T12:00:00Z', round: 1, duration_s: 60, interventions: 5, outcome: 'success', notes: 'Wet floor near the bend' }),
  episode({ id: 'ep-d', start: '2025-03-04T13:00:00Z', round: 2, duration_s: 45, interventions: 1, quarantined: true, world: 'forest' }),
  episode({ id: 'ep-e', start: '2025-03-04T14:00:00Z', round: 2, duration_s: 120, interventions: 2, complete: false }),
];
const ids = (l: { id: string }[]) => l.map((e) => e.id);

describe('filterEpisodes', () => {
  it('hides quarantined episodes unless asked to show them', () => {
    expect(ids(filterEpisodes(list, NO_FILTER))).toEqual(['ep-a', 'ep-b', 'ep-c', 'ep-e']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, showQuarantined: true }))).toHaveLength(5);
  });

  it('matches every word of the text against id, notes, robot and world, ignoring case', () => {
    expect(ids(filterEpisodes(list, { ...NO_FILTER, text: 'WET bend' }))).toEqual(['ep-c']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, text: 'jackal' }))).toEqual(['ep-b']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, text: 'ep-e' }))).toEqual(['ep-e']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, text: 'forest', showQuarantined: true }))).toEqual(['ep-d']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, text: 'wet jackal' }))).toEqual([]);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, text: '   ' }))).toHaveLength(4);
  });

  it('filters by round and by outcome, "none" meaning not tagged', () => {
    expect(ids(filterEpisodes(list, { ...NO_FILTER, round: 1 }))).toEqual(['ep-b', 'ep-c']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, round: 0 }))).toEqual(['ep-a']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, outcome: 'success' }))).toEqual(['ep-c']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, outcome: 'failure' }))).toEqual(['ep-b']);
    expect(ids(filterEpisodes(list, { ...NO_FILTER, outcome: 'none' }))).toEqual(['ep-a', 'ep-e']);
  });
});

describe('sortEpisodes', () => {
  it('shows the newest first by default', () => {
    expect(ids(sortEpisodes(list, DEFAULT_SORT))).toEqual(['ep-e', 'ep-d', 'ep-c', 'ep-b', 'ep-a']);
  });

  it('sorts numbers as numbers and breaks ties by start time, either direction', () => {
    expect(ids(sortEpisodes(list, { key: 'duration', dir: 'asc' }))).toEqual(['ep-b', 'ep-d', 'ep-c', 'ep-a', 'ep-e']);
    expect(ids(sortEpisodes(list, { key: 'interventions', dir: 'desc' }))).toEqual(['ep-b', 'ep-c', 'ep-e', 'ep-d', 'ep-a']);
    expect(ids(sortEpisodes(list, { key: 'interventions', dir: 'asc' }))).toEqual(['ep-a', 'ep-d', 'ep-e', 'ep-b', 'ep-c']);
  });

  it('orders outcomes success, failure, untagged and files complete, recovered, quarantined', () => {
    expect(ids(sortEpisodes(list, { key: 'outcome', dir: 'asc' }))).toEqual(['ep-c', 'ep-b', 'ep-a', 'ep-d', 'ep-e']);
    expect(ids(sortEpisodes(list, { key: 'status', dir: 'asc' }))).toEqual(['ep-a', 'ep-b', 'ep-c', 'ep-e', 'ep-d']);
  });

  it('sorts notes without regard to case and does not touch its input', () => {
    const copy = [...list];
    expect(ids(sortEpisodes(list, { key: 'notes', dir: 'desc' })).slice(0, 2)).toEqual(['ep-c', 'ep-a']);
    expect(list).toEqual(copy);
  });

  it('can sort by every column', () => {
    for (const c of COLUMNS) {
      expect(sortEpisodes(list, { key: c.key, dir: 'asc' })).toHaveLength(list.length);
    }
  });

  it('puts a NaN figure last whichever the direction', () => {
    const broken = [...list, episode({ id: 'ep-x', distance_m: Number.NaN })];
    expect(sortEpisodes(broken, { key: 'distance', dir: 'asc' }).at(-1)?.id).toBe('ep-x');
    expect(sortEpisodes(broken, { key: 'distance', dir: 'desc' }).at(-1)?.id).toBe('ep-x');
  });
});

describe('header clicks and list updates', () => {
  it('flips the direction of the same column and starts another ascending', () => {
    expect(nextSort(DEFAULT_SORT, 'start')).toEqual({ key: 'start', dir: 'asc' });
    expect(nextSort({ key: 'start', dir: 'asc' }, 'start')).toEqual({ key: 'start', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'frames')).toEqual({ key: 'frames', dir: 'asc' });
  });

  it('replaces an entry by id, or appends a new one', () => {
    const tagged = episode({ id: 'ep-b', outcome: 'success' });
    const next = upsertEpisode(list, tagged);
    expect(next[1]).toBe(tagged);
    expect(next).toHaveLength(5);
    expect(list[1]?.outcome).toBe('failure');
    expect(ids(upsertEpisode(list, episode({ id: 'ep-z' }))).at(-1)).toBe('ep-z');
  });

  it('lists the rounds present, in order', () => {
    expect(roundsOf(list)).toEqual([0, 1, 2]);
    expect(roundsOf([])).toEqual([]);
  });

  it('keeps the selection, or takes the row that moved into its place', () => {
    const rows = filterEpisodes(list, NO_FILTER);
    expect(keepSelection(rows, 'ep-c', 2)).toBe('ep-c');
    // ep-d was quarantined away from index 3: the row now there is selected.
    expect(keepSelection(rows, 'ep-d', 3)).toBe('ep-e');
    expect(keepSelection(rows, 'ep-d', 9)).toBe('ep-e');
    expect(keepSelection(rows, null, -1)).toBe('ep-a');
    expect(keepSelection([], 'ep-a', 0)).toBeNull();
  });
});
