import { join } from 'node:path';
import { systemClock } from '../base/clock.ts';
import type { EpisodeMetadata } from './dataset-types.ts';
import { EpisodeReader } from './episode-reader.ts';
import { EpisodeWriter } from './episode-writer.ts';
import type { Frame } from './frame.ts';
import { nodeRecordFs } from './node-record-fs.ts';
import { rosTopic } from './ros-schemas.ts';

export interface RecordBenchOptions {
  /** A folder for the bench's files; they are removed afterwards. */
  dir: string;
  /** Episode seconds of live-paced recording to time per tick (default 60: 3000 ticks). */
  tickSeconds?: number;
  /** Length of the generated episode seeks are timed in (default 3600: one hour). */
  seekEpisodeSeconds?: number;
  seeks?: number;
}

export interface RecordBenchResult {
  /** Time spent in the caller's thread per control tick: 1 frame + 1 odometry, a 360-beam scan every 5th. */
  record_tick_p50_ms: number;
  record_tick_p99_ms: number;
  record_tick_max_ms: number;
  record_ticks: number;
  /** Time to open the generated episode (read its index). */
  seek_open_ms: number;
  /** Time of `seek(t)` at random times of the generated episode. */
  seek_p50_ms: number;
  seek_p99_ms: number;
  seek_max_ms: number;
  seeks: number;
  seek_episode_s: number;
  seek_episode_mb: number;
  /** Wall seconds to write the generated episode (as fast as the disk takes it). */
  seek_episode_write_s: number;
}

const HZ = 50;
const r3 = (v: number) => Math.round(v * 1000) / 1000;

function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

function benchFrame(i: number): Frame {
  const t = i / HZ;
  return {
    t, stamp: 1_700_000_000 + t, tick: i, source: 'tick', obs: Array.from({ length: 24 }, (_, k) => Math.sin(t + k)),
    operator_action: [0.5, 0, 0, 0.1], policy_action: [0.48, 0, 0, 0.09], expert_action: null, doubt: 0.04,
    driver: i % 500 < 100 ? 'operator' : 'policy', policy_version: 'v3', events: i % 500 === 0 ? ['takeover'] : [],
    enable: true, estop: false, armed: true, published: [0.5, 0, 0, 0.1], rtt_ms: 2.5,
  };
}

function benchScan(t: number): unknown {
  const ranges = Array.from({ length: 360 }, (_, k) => 4 + 3 * Math.abs(Math.sin(k / 17 + t)));
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI,
    angle_increment: Math.PI / 180, time_increment: 0, scan_time: 0.1, range_min: 0.1, range_max: 30, ranges, intensities: [] };
}

function benchOdom(t: number): unknown {
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'odom' }, child_frame_id: 'base_link',
    pose: { pose: { position: { x: t, y: Math.sin(t), z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    twist: { twist: { linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.1 } } } };
}

function metadata(id: string): EpisodeMetadata {
  return { id, round: 1, robot_profile: 'rover', world: 'lane', seed: 1, operator: 'bench', app_version: 'bench',
    start: new Date(systemClock.wallMs()).toISOString(), obs_fields: Array.from({ length: 24 }, (_, k) => `f${k}`),
    action_fields: ['linear_x', 'linear_y', 'linear_z', 'angular_z'], policy_version: 'v3' };
}

const rawTopics = [rosTopic('/odom', 'nav_msgs/Odometry'), rosTopic('/scan', 'sensor_msgs/LaserScan')];
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** Recording cost per tick, and seek time in a long episode. Prints nothing. */
export async function benchRecording(options: RecordBenchOptions): Promise<RecordBenchResult> {
  const dir = join(options.dir, `intervene-record-bench-${Date.now()}`);
  try {
    const ticks = await timeTicks(dir, Math.round((options.tickSeconds ?? 60) * HZ));
    const seek = await timeSeeks(dir, options.seekEpisodeSeconds ?? 3600, options.seeks ?? 200);
    return {
      record_tick_p50_ms: r3(pct(ticks, 50)), record_tick_p99_ms: r3(pct(ticks, 99)), record_tick_max_ms: r3(ticks.at(-1) ?? NaN),
      record_ticks: ticks.length, ...seek,
    };
  } finally {
    await nodeRecordFs.remove(dir);
  }
}

async function timeTicks(dir: string, n: number): Promise<number[]> {
  const writer = await EpisodeWriter.open({ dir, id: 'ticks', metadata: metadata('ticks'), fs: nodeRecordFs, clock: systemClock, rawTopics });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = benchFrame(i);
    const odom = benchOdom(f.t);
    const scan = i % 5 === 0 ? benchScan(f.t) : null;
    const t0 = performance.now();
    writer.frame(f);
    writer.raw('/odom', odom);
    if (scan) writer.raw('/scan', scan);
    times.push(performance.now() - t0);
    // The control loop returns to the event loop between ticks; the writer's pump runs there.
    await yieldToLoop();
  }
  await writer.close();
  return times.sort((a, b) => a - b);
}

async function timeSeeks(dir: string, seconds: number, seeks: number): Promise<Omit<RecordBenchResult, `record_${string}`>> {
  const writer = await EpisodeWriter.open({ dir, id: 'long', metadata: metadata('long'), fs: nodeRecordFs, clock: systemClock, rawTopics, syncEachChunk: false });
  const started = performance.now();
  for (let i = 0; i < seconds * HZ; i++) {
    const f = benchFrame(i);
    const ns = writer.originNs + BigInt(Math.round(f.t * 1e9));
    writer.frame(f);
    writer.raw('/odom', benchOdom(f.t), ns);
    if (i % 5 === 0) writer.raw('/scan', benchScan(f.t), ns);
    if (i % 50 === 0) {
      await yieldToLoop();
      while (writer.stats().queueBytes > 8 * 1024 * 1024) await new Promise((r) => setTimeout(r, 1));
    }
  }
  const summary = await writer.close();
  const writeS = (performance.now() - started) / 1000;
  const t0 = performance.now();
  const reader = await EpisodeReader.open(summary.file);
  const openMs = performance.now() - t0;
  const times: number[] = [];
  try {
    for (let k = 0; k < seeks; k++) {
      const t = Math.random() * seconds;
      const s0 = performance.now();
      const result = await reader.seek(t);
      times.push(performance.now() - s0);
      if (!result.frame || !result.latest.has('/scan')) throw new Error(`bench: seek(${t}) found no frame or scan`);
    }
  } finally {
    await reader.close();
  }
  times.sort((a, b) => a - b);
  return {
    seek_open_ms: r3(openMs), seek_p50_ms: r3(pct(times, 50)), seek_p99_ms: r3(pct(times, 99)), seek_max_ms: r3(times.at(-1) ?? NaN),
    seeks, seek_episode_s: seconds, seek_episode_mb: Math.round(summary.bytes / 1e5) / 10, seek_episode_write_s: r3(writeS),
  };
}
