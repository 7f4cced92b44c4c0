import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayTimeline } from '../../src/app/contract-replay.ts';
import { loadEpisodeTrack, type EpisodeTrack } from '../../src/replay/episode-track.ts';
import { buildTimeline } from '../../src/replay/timeline.ts';
import { tempDir } from '../record/record-fixture.ts';
import { openEpisode, tickFrame, writeEpisode } from './replay-fixture.ts';

describe('buildTimeline', () => {
  let tmp: ReturnType<typeof tempDir>;
  let track: EpisodeTrack;
  let tl: ReplayTimeline;
  beforeAll(async () => {
    tmp = tempDir('replay-timeline');
    const reader = await openEpisode(await writeEpisode(tmp.dir));
    track = await loadEpisodeTrack(reader);
    await reader.close();
    tl = buildTimeline(track, 100);
  });
  afterAll(() => tmp.cleanup());

  it('draws who drove as runs', () => {
    expect(tl.durationS).toBeCloseTo(9.99, 6);
    expect(tl.bands.map((b) => b.driver)).toEqual(['policy', 'operator', 'policy', 'none']);
    expect(tl.bands[0]!.from).toBe(0);
    expect(tl.bands[1]!.from).toBeCloseTo(3, 9);
    expect(tl.bands[1]!.to).toBeCloseTo(5, 9);
    expect(tl.bands[2]!.to).toBeCloseTo(8, 9);
    expect(tl.bands[3]!.to).toBeCloseTo(9.99, 6);
  });

  it('marks the events once per burst', () => {
    const markers = tl.markers.map((m) => [m.kind, Math.round(m.t * 100) / 100]);
    // The takeover on input at 2.995 sits on tick 149 (2.98); the tick's own one at 3.0 is a repeat.
    // The collisions at 6.00 and 6.04 are one; 6.40 is another.
    expect(markers).toEqual([['takeover', 2.98], ['handback', 5], ['collision', 6], ['collision', 6.4], ['estop', 8]]);
  });

  it('buckets doubt and actions with min and max, null where nothing was', () => {
    expect(tl.bucketS).toBeCloseTo(0.0999, 6);
    expect(tl.doubt.min).toHaveLength(100);
    // Bucket 10 covers [0.999, 1.098): ticks 50..54.
    expect(tl.doubt.min[10]).toBeCloseTo(tickFrame(50).doubt!, 12);
    expect(tl.doubt.max[10]).toBeCloseTo(tickFrame(54).doubt!, 12);
    // Nobody drove after 8 s: no doubt there.
    expect(tl.doubt.max[90]).toBeNull();
    // No operator input before 2 s.
    expect(tl.operator[0]!.min[5]).toBeNull();
    expect(tl.operator[0]!.min[50]).toBe(0.5);
    const steer = tl.operator[3]!;
    expect(steer.min[50]!).toBeLessThan(steer.max[50]!);
    expect(steer.max[50]).toBeCloseTo(Math.max(...[250, 251, 252, 253, 254].map((i) => tickFrame(i).operator_action![3]!)), 12);
    expect(tl.policy[3]!.min[0]).toBe(-0.2);
    expect(tl.policy[1]!.max[0]).toBe(0);
    expect(tl.activeActions).toEqual([0, 3]);
  });

  it('puts every frame in some bucket, including the last', () => {
    const counted = tl.policy[0]!.min.filter((v) => v !== null).length;
    // Policy ticks run to 7.98 s: buckets 0..79.
    expect(counted).toBe(80);
    // A frame exactly at the end falls in the last bucket, not past it.
    const endsOnFrame = buildTimeline({ ...track, durationS: track.frameTimes.at(-1)! }, 100);
    expect(endsOnFrame.operator[0]!.max[99]).toBe(0.5);
    expect(buildTimeline(track, 1).doubt.max[0]).toBeCloseTo(tickFrame(399).doubt!, 12);
    expect(() => buildTimeline(track, 0)).toThrow(/0/);
  });
});
