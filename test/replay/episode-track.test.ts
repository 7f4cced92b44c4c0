import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EpisodeReader } from '../../src/record/episode-reader.ts';
import { frameIndexAt, loadEpisodeTrack, scanIndexAt, viewFrameAt, type EpisodeTrack } from '../../src/replay/episode-track.ts';
import { yawOf } from '../../src/ros/messages.ts';
import { tempDir } from '../record/record-fixture.ts';
import { TrackBuilder } from '../../src/replay/track-builder.ts';
import { odomAt, openEpisode, tickFrame, TICKS, writeEpisode } from './replay-fixture.ts';

describe('EpisodeTrack', () => {
  let tmp: ReturnType<typeof tempDir>;
  let reader: EpisodeReader;
  let track: EpisodeTrack;
  const progress: number[] = [];
  beforeAll(async () => {
    tmp = tempDir('replay-track');
    reader = await openEpisode(await writeEpisode(tmp.dir));
    track = await loadEpisodeTrack(reader, (f) => progress.push(f));
  });
  afterAll(async () => {
    await reader.close();
    tmp.cleanup();
  });

  it('holds the tick frames only, in order, with their values', () => {
    expect(track.frameTimes.length).toBe(TICKS);
    expect(track.frameTimes[0]).toBe(0);
    expect(track.frameTimes[TICKS - 1]).toBeCloseTo(9.98, 9);
    expect(track.durationS).toBeCloseTo(9.99, 6);
    expect(track.invalidFrames).toBe(0);
    const f = viewFrameAt(track, 3.5);
    const want = tickFrame(175);
    expect(f.driver).toBe('operator');
    expect(f.doubt).toBeCloseTo(want.doubt!, 12);
    expect(f.operatorAction).toEqual(want.operator_action);
    expect(f.policyAction).toEqual(want.policy_action);
    expect(f.command).toEqual({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: want.operator_action![3] } });
    const none = viewFrameAt(track, 9);
    expect(none.driver).toBe('none');
    expect(none.doubt).toBeNull();
    expect(none.policyAction).toBeNull();
    expect(none.command).toBeNull();
    expect(viewFrameAt(track, 1).operatorAction).toBeNull();
  });

  it('keeps the events of steps made between ticks on the tick before them', () => {
    expect(track.events.get(149)).toEqual(['takeover']);
    expect(track.events.get(150)).toEqual(['takeover']);
    expect(track.events.get(400)).toEqual(['estop']);
    expect(track.events.size).toBe(7);
    expect(viewFrameAt(track, 8.005).events).toEqual(['estop']);
    expect(viewFrameAt(track, 8.025).events).toEqual([]);
  });

  it('reports progress up to 1', () => {
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('lets the event loop run while it loads, even when the reader never waits on IO', async () => {
    // A reader whose messages are all in memory: only the loader's own turns let others run.
    const messages = async function* () {
      for (let i = 0; i < 5000; i++) yield { topic: '/intervene/frame', t: i / 50, logTimeNs: 0n, msg: tickFrame(i) };
    };
    const inMemory = { durationS: 100, channels: () => [], messages } as unknown as EpisodeReader;
    let turns = 0;
    let loading = true;
    const spin = () => {
      turns++;
      if (loading) setImmediate(spin);
    };
    setImmediate(spin);
    const loaded = await loadEpisodeTrack(inMemory);
    loading = false;
    expect(loaded.frameTimes.length).toBe(5000);
    expect(turns).toBeGreaterThanOrEqual(15);
  });

  it('finds the frame at a time, clamped to the episode', () => {
    expect(frameIndexAt(track, -5)).toBe(0);
    expect(frameIndexAt(track, 0)).toBe(0);
    expect(frameIndexAt(track, 0.0199)).toBe(0);
    expect(frameIndexAt(track, 0.02)).toBe(1);
    expect(frameIndexAt(track, 5)).toBe(250);
    expect(frameIndexAt(track, 100)).toBe(TICKS - 1);
    expect(scanIndexAt(track, 0.05)).toBe(-1);
    expect(scanIndexAt(track, 0.1)).toBe(0);
    expect(scanIndexAt(track, 0.25)).toBe(1);
  });

  it('interpolates the pose between odometry samples', () => {
    // Odometry at 0.01 + k/50: x = 2t, yaw = t/2. Halfway between two samples:
    const f = viewFrameAt(track, 4.02);
    expect(f.pose!.position.x).toBeCloseTo(8.04, 9);
    expect(yawOf(f.pose!.orientation)).toBeCloseTo(2.01, 6);
    const q = f.pose!.orientation;
    expect(Math.hypot(q.x, q.y, q.z, q.w)).toBeCloseTo(1, 12);
    expect(f.twist!.linear.x).toBe(2);
    // At a sample, exactly the sample; after the last one, the last held.
    expect(viewFrameAt(track, 1.01).pose!.position.x).toBeCloseTo(2.02, 12);
    expect(viewFrameAt(track, 50).pose!.position.x).toBeCloseTo(19.98, 9);
    // Before the first sample (0.01 s), the first one.
    expect(viewFrameAt(track, 0).pose!.position.x).toBeCloseTo(0.02, 12);
  });

  it('interpolates the orientation across the quaternion sign flip', () => {
    const pose = new Float64Array([0, 0, 0, 0, 0, Math.sin(1.5), Math.cos(1.5), 0, 0, 0, 0, 0, -Math.sin(1.6), -Math.cos(1.6)]);
    const odom = { t: new Float64Array([0, 1]), pose, twist: new Float64Array(12) };
    const f = viewFrameAt({ ...track, odom }, 0.5);
    // yaw 3.0 and yaw 3.2 (the same as -3.08): halfway is 3.1 the short way, not 0.
    expect(Math.abs(yawOf(f.pose!.orientation))).toBeCloseTo(3.1, 6);
  });

  it('describes an empty track without failing', () => {
    const empty: EpisodeTrack = { ...track, frameTimes: new Float64Array(0), driver: new Uint8Array(0), doubt: new Float64Array(0), events: new Map(), odom: { t: new Float64Array(0), pose: new Float64Array(0), twist: new Float64Array(0) } };
    expect(frameIndexAt(empty, 1)).toBe(-1);
    expect(viewFrameAt(empty, 1)).toEqual({ t: 1, pose: null, twist: null, command: null, driver: 'none', doubt: null, operatorAction: null, policyAction: null, events: [] });
  });
});

describe('TrackBuilder', () => {
  it('sorts what arrives out of order and leaves out what is not a frame', () => {
    const b = new TrackBuilder();
    for (const i of [3, 1, 2, 0]) {
      b.frame(i / 50, tickFrame(i));
      b.odometry(i / 50, odomAt(i / 50));
      b.scan(i / 10);
    }
    b.frame(0.5, { t: 'not a frame' });
    b.odometry(0.5, { pose: 'nope' });
    const track = b.finish(1, '/scan');
    expect([...track.frameTimes]).toEqual([0, 0.02, 0.04, 0.06]);
    expect([...track.doubt]).toEqual([0, 1, 2, 3].map((i) => tickFrame(i).doubt));
    expect([...track.odom.t]).toEqual([0, 0.02, 0.04, 0.06]);
    expect(track.odom.pose[7]).toBeCloseTo(0.04, 12);
    expect([...track.scanTimes]).toEqual([0, 0.1, 0.2, 0.3]);
    expect(track.invalidFrames).toBe(1);
  });
});
