import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/record/frame.ts';
import { relabelCoverage, relabelLookup } from '../../src/relabel/lookup.ts';
import { flatPass, sineFrames } from './relabel-fixture.ts';

/** 11 frames at 0.1 s. */
const frames = sineFrames(1, 0.1);
const byEpisode = new Map<string, readonly Frame[]>([['e', frames], ['f', frames]]);
const labelsOf = (lookup: ReturnType<typeof relabelLookup>, id = 'e'): Array<number | null> => frames.map((f, i) => lookup(id, i, f)?.[0] ?? null);

describe('relabelLookup', () => {
  const old = flatPass('old', 'e', 0.2, 0.6, [1, 0, 0, 0], { createdAt: '2026-01-01T10:00:00Z' });
  const newer = flatPass('new', 'e', 0.4, 0.8, [2, 0, 0, 0], { createdAt: '2026-01-01T11:00:00Z' });

  it('takes accepted passes only; where they overlap the newest wins; frames outside stay untouched', () => {
    const passes = [
      newer, old,
      flatPass('pending', 'e', 0, 1, [3, 0, 0, 0], { status: 'pending', createdAt: '2026-02-01T00:00:00Z' }),
      flatPass('discarded', 'e', 0, 1, [4, 0, 0, 0], { status: 'discarded', createdAt: '2026-02-01T00:00:00Z' }),
      flatPass('incomplete', 'e', 0, 1, [5, 0, 0, 0], { status: 'incomplete', createdAt: '2026-02-01T00:00:00Z' }),
    ];
    expect(labelsOf(relabelLookup(passes, byEpisode))).toEqual([null, null, 1, 1, 2, 2, 2, 2, 2, null, null]);
    expect(labelsOf(relabelLookup(passes, byEpisode), 'f')).toEqual(Array(11).fill(null));
    // Order in the file does not matter, only createdAt (an older pass written later stays under).
    expect(labelsOf(relabelLookup([old, newer], byEpisode))).toEqual(labelsOf(relabelLookup([newer, old], byEpisode)));
    expect(labelsOf(relabelLookup([{ ...old, createdAt: '2026-01-01T12:00:00Z' }, newer], byEpisode))).toEqual([null, null, 1, 1, 1, 1, 1, 2, 2, null, null]);
  });

  it('compensates: a pass drawn at half speed by a 200 ms operator lands 0.1 s earlier', () => {
    const late = flatPass('late', 'e', 0.3, 0.7, [7, 0, 0, 0], { speed: 0.5, latencyMs: 200 });
    expect(labelsOf(relabelLookup([late], byEpisode))).toEqual([null, null, 7, 7, 7, 7, 7, null, null, null, null]);
  });

  it('ignores passes over episodes it has no frames for', () => {
    expect(labelsOf(relabelLookup([flatPass('x', 'gone', 0, 1, [1, 0, 0, 0])], byEpisode))).toEqual(Array(11).fill(null));
  });

  it('relabelCoverage counts relabelled frames and passes by status per episode', () => {
    const cov = relabelCoverage([newer, old, flatPass('d', 'f', 0, 1, [4, 0, 0, 0], { status: 'discarded' }), flatPass('i', 'e', 0, 1, [4, 0, 0, 0], { status: 'incomplete' })], byEpisode);
    expect(cov).toEqual([
      { episodeId: 'e', frames: 11, relabelled: 7, passes: { pending: 0, accepted: 2, discarded: 0, incomplete: 1 } },
      { episodeId: 'f', frames: 11, relabelled: 0, passes: { pending: 0, accepted: 0, discarded: 1, incomplete: 0 } },
    ]);
  });
});
