import { describe, expect, it } from 'vitest';
import { count, detailLine, episodeSubtitle, metres, mmss, percent, roundLabel, startLabel } from '../../renderer/episodes/format.ts';
import { recordingText } from '../../renderer/hud/format.ts';
import { episode } from './episodes-fixture.ts';

describe('episode figures', () => {
  it('writes lengths as mm:ss, and h:mm:ss past an hour', () => {
    expect(mmss(0)).toBe('00:00');
    expect(mmss(83.9)).toBe('01:23');
    expect(mmss(3599)).toBe('59:59');
    expect(mmss(3725)).toBe('1:02:05');
    expect(mmss(Number.NaN)).toBe('–');
    expect(mmss(-1)).toBe('–');
  });

  it('writes shares as percentages without rounding a little to nothing', () => {
    expect(percent(0.183)).toBe('18%');
    expect(percent(0)).toBe('0%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.004)).toBe('<1%');
    expect(percent(0.996)).toBe('>99%');
    expect(percent(null)).toBe('–');
  });

  it('writes distances and counts for reading at a glance', () => {
    expect(metres(12.34)).toBe('12.3 m');
    expect(metres(331.4)).toBe('331 m');
    expect(metres(1234)).toBe('1.23 km');
    expect(count(4512)).toBe('4,512');
    expect(roundLabel(0)).toBe('Round 0 (demos)');
    expect(roundLabel(3)).toBe('Round 3');
  });

  it('shows start times in local time, and bad ones as they came', () => {
    const local = new Date(2025, 2, 4, 14, 5, 1);
    expect(startLabel(local.toISOString())).toBe('2025-03-04 14:05:01');
    expect(startLabel('yesterday-ish')).toBe('yesterday-ish');
  });

  it('says where an episode came from and what the table has no room for', () => {
    const start = new Date(2025, 2, 4, 9, 0, 0).toISOString();
    expect(episodeSubtitle(episode({ id: 'a', start, world: 'lane', seed: 7, robot: 'sim-rover' }))).toBe('2025-03-04 09:00:00 · lane #7 · sim-rover');
    expect(episodeSubtitle(episode({ id: 'b', start, world: null, seed: null, robot: 'jackal' }))).toBe('2025-03-04 09:00:00 · jackal');
    expect(detailLine(episode({ id: 'c', collisions: 1, departures: 2, complete: false })))
      .toBe('episodes/c.mcap · policy v1 · operator alice · 1 collision · 2 departures · recovered: the end of the drive may be missing');
    expect(detailLine(episode({ id: 'd', policy_version: null, collisions: null, departures: null, file: 'quarantine/d.mcap' })))
      .toBe('quarantine/d.mcap · no policy · operator alice');
  });
});

describe('recordingText', () => {
  const base = { episodeId: 'ep-1', frames: 4512, durationS: 90.2, dataset: '/data', lastError: null };
  it('shows REC with length and frames while recording', () => {
    expect(recordingText({ ...base, state: 'recording' })).toEqual({ state: 'recording', label: 'REC', detail: '01:30 · 4,512 frames' });
  });

  it('says plainly when nothing is recorded, also for a core that sends no recording state', () => {
    expect(recordingText({ ...base, state: 'off' })).toEqual({ state: 'off', label: 'not recording', detail: '' });
    expect(recordingText(undefined).state).toBe('off');
  });

  it('carries the write error that closed the episode', () => {
    expect(recordingText({ ...base, state: 'error', lastError: 'ENOSPC: no space left' })).toMatchObject({ state: 'error', label: 'REC ERROR', detail: 'ENOSPC: no space left' });
    expect(recordingText({ ...base, state: 'error' }).detail).toMatch(/write error/);
  });
});
