import { describe, expect, it } from 'vitest';
import { summarizeEpisode } from '../../src/record/episode-tally.ts';
import { snapshotJson } from '../../src/record/json-snapshot.ts';
import { parseManifest } from '../../src/record/manifest.ts';
import { frameAt } from './record-fixture.ts';

describe('summarizeEpisode', () => {
  it('counts drivers, takeovers and duration the way the writer does', () => {
    const frames = Array.from({ length: 600 }, (_, i) => frameAt(i));
    expect(summarizeEpisode(frames)).toMatchObject({
      frames: 600, operator_frames: 100, policy_frames: 500, interventions: 2, operator_share: 0.1667, duration_s: 11.98,
      collisions: 0, departures: 0,
    });
    expect(summarizeEpisode([])).toMatchObject({ frames: 0, operator_share: 0, duration_s: 0, distance_m: 0 });
  });

  it('measures distance from odometry, skipping resets, and else from x/y observation fields', () => {
    const odometry = [0, 1, 2, 50, 51].map((x) => ({ pose: { pose: { position: { x, y: 0, z: 0 } } } }));
    expect(summarizeEpisode([], { odometry }).distance_m).toBe(3);
    const frames = [0, 1, 2].map((i) => ({ ...frameAt(i), obs: [3 * i, 4 * i, 0, 0] }));
    expect(summarizeEpisode(frames, { obsFields: ['x', 'y', 'yaw', 'speed'] }).distance_m).toBe(10);
    expect(summarizeEpisode(frames, { obsFields: ['a', 'b'] }).distance_m).toBe(0);
  });

  it('counts collision and departure events', () => {
    const frames = [{ ...frameAt(0), events: ['collision'] }, { ...frameAt(1), events: ['departure', 'collision'] }];
    expect(summarizeEpisode(frames)).toMatchObject({ collisions: 2, departures: 1 });
  });
});

describe('snapshotJson', () => {
  it('copies deeply, so later changes to the original do not reach the record', () => {
    const msg = { header: { frame_id: 'laser' }, ranges: [1, 2, 3], list: [{ a: 1 }], when: new Date(0) };
    const { value, bytes } = snapshotJson(msg);
    msg.ranges[0] = 99;
    msg.list[0]!.a = 5;
    msg.header.frame_id = 'other';
    expect(value).toEqual({ header: { frame_id: 'laser' }, ranges: [1, 2, 3], list: [{ a: 1 }], when: '1970-01-01T00:00:00.000Z' });
    expect(bytes).toBeGreaterThan(30);
  });

  it('refuses a cycle instead of hanging', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => snapshotJson(a)).toThrow(/deeper than 64/);
    expect(() => snapshotJson({ n: 1n })).toThrow(/bigint/);
  });
});

describe('parseManifest', () => {
  it('names what is wrong and salvages the good entries', () => {
    const entry = { id: 'ep-1', file: 'episodes/ep-1.mcap', round: 0, start: 's', end: 'e', duration_s: 1, distance_m: 0, frames: 1,
      operator_frames: 1, policy_frames: 0, interventions: 0, operator_share: 1, outcome: null, notes: 'n', complete: true,
      quarantined: false, robot: 'r', world: null, seed: null, policy_version: null, operator: 'o', collisions: null, departures: null };
    expect(parseManifest(JSON.stringify({ version: 1, created: 'c', episodes: [entry] }))).toMatchObject({ ok: true });
    const bad = parseManifest(JSON.stringify({ version: 1, created: 'c', episodes: [entry, { ...entry, id: 'ep-2', outcome: 'meh' }, { ...entry, id: 'ep-3', file: 'episodes/ep-3.mcap.partial' }] }));
    expect(bad).toMatchObject({ ok: false, salvage: [entry] });
    expect(bad.ok ? '' : bad.reason).toBe('episode "ep-2": field outcome is "meh"; episode ep-3: file episodes/ep-3.mcap.partial is not a finished episode file');
    expect(parseManifest(JSON.stringify({ version: 2, episodes: [] }))).toMatchObject({ ok: false, reason: /not a version 1 manifest/ });
    expect(parseManifest(JSON.stringify({ version: 1, created: 'c', episodes: [entry, entry] }))).toMatchObject({ ok: false, reason: 'episode ep-1 is listed twice' });
  });
});
