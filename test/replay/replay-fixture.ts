import { EpisodeReader } from '../../src/record/episode-reader.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import type { Frame, FrameDriver } from '../../src/record/frame.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { quaternionFromYaw } from '../../src/ros/messages.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { metadataFor, RAW_TOPICS } from '../record/record-fixture.ts';

/** Ticks of the hand-made episode: 10 s at 50 Hz. */
export const TICKS = 500;
export const HZ = 50;

/** Who drives tick i: policy 0-3 s, operator 3-5 s, policy 5-8 s, nobody 8-10 s. */
export function driverAt(i: number): FrameDriver {
  return i < 150 ? 'policy' : i < 250 ? 'operator' : i < 400 ? 'policy' : 'none';
}

const EVENTS: Record<number, string[]> = { 150: ['takeover'], 250: ['handback'], 300: ['collision'], 302: ['collision'], 320: ['collision'], 400: ['estop'] };

export function tickFrame(i: number): Frame {
  const t = i / HZ;
  const driver = driverAt(i);
  const operator = i >= 100 ? [0.5, 0, 0, Math.round(Math.sin(t) * 1000) / 1000] : null;
  const policy = driver === 'none' ? null : [0.4, 0, 0, -0.2];
  return {
    t, stamp: 1_714_564_800 + t, tick: i, source: 'tick', obs: [t, 1], operator_action: operator, policy_action: policy,
    expert_action: null, doubt: driver === 'none' ? null : 0.1 + i / 1000, driver, policy_version: 'v1',
    events: EVENTS[i] ?? [], enable: driver === 'operator', estop: i >= 400, armed: true,
    published: driver === 'operator' ? operator : policy, rtt_ms: 3,
  };
}

/** Odometry at 50 Hz, half a tick after each tick: x = 2t, turning at 0.5 rad/s. */
export function odomAt(t: number): unknown {
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'odom' }, child_frame_id: 'base_link',
    pose: { pose: { position: { x: 2 * t, y: 0, z: 0 }, orientation: quaternionFromYaw(0.5 * t) }, covariance: [] },
    twist: { twist: { linear: { x: 2, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.5 } }, covariance: [] } };
}

/** A 10 Hz scan whose every range is its own time, so a test can tell which scan came back. */
export function scanMsg(t: number): unknown {
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'laser' }, angle_min: -1, angle_max: 1,
    angle_increment: 0.5, time_increment: 0, scan_time: 0.1, range_min: 0.1, range_max: 30, ranges: [t, t, t, t, t], intensities: [] };
}

/**
 * Writes the hand-made episode: 500 ticks, a step made on input (not a tick) with an early
 * takeover just before tick 150, odometry between ticks, scans from 0.1 s at 10 Hz.
 */
export async function writeEpisode(dir: string, id = 'replay'): Promise<string> {
  const w = await EpisodeWriter.open({ dir, id, metadata: metadataFor(id), fs: nodeRecordFs, clock: new FakeClock(), rawTopics: RAW_TOPICS, syncEachChunk: false });
  const ns = (t: number) => w.originNs + BigInt(Math.round(t * 1e9));
  for (let i = 0; i < TICKS; i++) {
    const f = tickFrame(i);
    w.frame(f);
    if (i === 149) w.frame({ ...tickFrame(149), t: 2.995, tick: null, source: 'input', events: ['takeover'], driver: 'operator' });
    w.raw('/odom', odomAt(f.t + 0.01), ns(f.t + 0.01));
    if (i % 5 === 0 && i > 0) w.raw('/scan', scanMsg(f.t), ns(f.t));
    if (i % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  return (await w.close()).file;
}

export async function openEpisode(file: string): Promise<EpisodeReader> {
  return EpisodeReader.open(file);
}
