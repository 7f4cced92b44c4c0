import { systemClock } from '../base/clock.ts';
import type { EpisodeMetadata } from '../record/dataset-types.ts';
import { EpisodeWriter } from '../record/episode-writer.ts';
import type { Frame } from '../record/frame.ts';
import { nodeRecordFs } from '../record/node-record-fs.ts';
import { rosTopic } from '../record/ros-schemas.ts';
import { quaternionFromYaw } from '../ros/messages.ts';

const HZ = 50;
/** A takeover every 20 s lasting 4 s, as in a gated session that still needs help. */
const CYCLE = 20 * HZ;
const TAKEOVER = 4 * HZ;

/** Tick `i` of a rover driving a slow circle, with the shape and size of a real frame (24 observations). */
function tick(i: number): Frame {
  const t = i / HZ;
  const phase = i % CYCLE;
  const operator = phase < TAKEOVER;
  const steer = 0.3 * Math.sin(t / 3);
  const events = phase === 0 ? ['takeover'] : phase === TAKEOVER ? ['handback'] : i % 6_000 === 3_000 ? ['collision'] : [];
  return {
    t, stamp: 1_700_000_000 + t, tick: i, source: 'tick', obs: Array.from({ length: 24 }, (_, k) => Math.sin(t + k)),
    operator_action: [0.8, 0, 0, steer], policy_action: [0.75, 0, 0, steer * 0.9], expert_action: null,
    doubt: 0.05 + 0.04 * Math.sin(t / 7) ** 2, driver: operator ? 'operator' : 'policy', policy_version: 'v3', events,
    enable: operator, estop: false, armed: true, published: operator ? [0.8, 0, 0, steer] : [0.75, 0, 0, steer * 0.9], rtt_ms: 2.5,
  };
}

function odometry(t: number): unknown {
  const yaw = t / 20;
  return { header: { stamp: { sec: Math.floor(t), nanosec: Math.round((t % 1) * 1e9) }, frame_id: 'odom' }, child_frame_id: 'base_link',
    pose: { pose: { position: { x: 16 * Math.sin(yaw), y: 16 * (1 - Math.cos(yaw)), z: 0 }, orientation: quaternionFromYaw(yaw) }, covariance: [] },
    twist: { twist: { linear: { x: 0.8, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.05 } }, covariance: [] } };
}

function scan(t: number): unknown {
  const ranges = Array.from({ length: 360 }, (_, k) => Math.round((4 + 3 * Math.abs(Math.sin(k / 17 + t))) * 1000) / 1000);
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI,
    angle_increment: Math.PI / 180, time_increment: 0, scan_time: 0.1, range_min: 0.1, range_max: 30, ranges, intensities: [] };
}

function metadata(id: string): EpisodeMetadata {
  return { id, round: 1, robot_profile: 'rover', world: 'lane', seed: 1, operator: 'bench', app_version: 'bench',
    start: new Date(systemClock.wallMs()).toISOString(), obs_fields: Array.from({ length: 24 }, (_, k) => `f${k}`),
    action_fields: ['linear_x', 'linear_y', 'linear_z', 'angular_z'], policy_version: 'v3' };
}

/**
 * Writes a synthetic episode as the recorder would: 50 Hz frames and odometry, 10 Hz
 * 360-beam scans. Returns the file and its size.
 */
export async function writeBenchEpisode(dir: string, seconds: number): Promise<{ file: string; bytes: number }> {
  const rawTopics = [rosTopic('/odom', 'nav_msgs/Odometry'), rosTopic('/scan', 'sensor_msgs/LaserScan')];
  const writer = await EpisodeWriter.open({ dir, id: 'replay-bench', metadata: metadata('replay-bench'), fs: nodeRecordFs, clock: systemClock, rawTopics, syncEachChunk: false });
  for (let i = 0; i < seconds * HZ; i++) {
    const f = tick(i);
    const ns = writer.originNs + BigInt(Math.round(f.t * 1e9));
    writer.frame(f);
    writer.raw('/odom', odometry(f.t), ns);
    if (i % 5 === 0) writer.raw('/scan', scan(f.t), ns);
    if (i % 50 === 0) {
      await new Promise<void>((r) => setImmediate(r));
      while (writer.stats().queueBytes > 8 * 1024 * 1024) await new Promise((r) => setTimeout(r, 1));
    }
  }
  const summary = await writer.close();
  if (!summary.complete) throw new Error(`bench: the episode could not be written: ${summary.error}`);
  return { file: summary.file, bytes: summary.bytes };
}
