import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import type { Metadata } from '@mcap/core';
import type { EpisodeMetadata } from '../../src/record/dataset-types.ts';
import type { Frame } from '../../src/record/frame.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { mcapReadable } from '../../src/record/mcap-readable.ts';
import { rosTopic, type RawTopic } from '../../src/record/ros-schemas.ts';

export const OBS_FIELDS = ['x', 'y', 'yaw', 'speed'];

export function metadataFor(id: string, extra: Partial<EpisodeMetadata> = {}): EpisodeMetadata {
  return {
    id, round: 1, robot_profile: 'rover', world: 'lane', seed: 7, operator: 'tester', app_version: '0.1.0',
    start: '2024-05-01T12:00:00.000Z', obs_fields: OBS_FIELDS, action_fields: ['linear_x', 'linear_y', 'linear_z', 'angular_z'],
    policy_version: 'v1', ...extra,
  };
}

/** Frame `i` of a 50 Hz episode: the operator drives ticks 100-149 of every 250 (one takeover each). */
export function frameAt(i: number): Frame {
  const t = i * 0.02;
  const phase = i % 250;
  const operator = phase >= 100 && phase < 150;
  return {
    t, stamp: 1_714_564_800 + t, tick: i, source: 'tick', obs: [t, 0.5 * t, 0.1, 1],
    operator_action: [0.5, 0, 0, 0.1], policy_action: [0.4, 0, 0, 0], expert_action: null, doubt: 0.05,
    driver: operator ? 'operator' : 'policy', policy_version: 'v1', events: phase === 100 ? ['takeover'] : phase === 150 ? ['handback'] : [],
    enable: operator, estop: false, armed: true, published: [0.4, 0, 0, 0], rtt_ms: 3,
  };
}

export function odometryAt(t: number): unknown {
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'odom' }, child_frame_id: 'base_link',
    pose: { pose: { position: { x: t, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } }, covariance: [] },
    twist: { twist: { linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, covariance: [] } };
}

export function scanAt(t: number, beams = 360): unknown {
  const ranges = Array.from({ length: beams }, (_, k) => Math.round((5 + Math.sin(k / 9 + t)) * 1000) / 1000);
  return { header: { stamp: { sec: Math.floor(t), nanosec: 0 }, frame_id: 'laser' }, angle_min: -Math.PI, angle_max: Math.PI,
    angle_increment: (2 * Math.PI) / beams, time_increment: 0, scan_time: 0.1, range_min: 0.1, range_max: 30, ranges, intensities: [] };
}

export const RAW_TOPICS: RawTopic[] = [
  rosTopic('/odom', 'nav_msgs/Odometry'),
  rosTopic('/scan', 'sensor_msgs/LaserScan'),
  rosTopic('/cmd_vel', 'geometry_msgs/Twist'),
];

export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `intervene-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reads a file with @mcap/core's own indexed reader: topics, schema names and parsed messages. */
export async function readWithMcapCore(path: string): Promise<{ reader: McapIndexedReader; byTopic: Map<string, unknown[]>; metadata: Metadata[] }> {
  const file = await nodeRecordFs.openRead(path);
  try {
    const reader = await McapIndexedReader.Initialize({ readable: mcapReadable(file) });
    const byTopic = new Map<string, unknown[]>();
    const decoder = new TextDecoder();
    for await (const m of reader.readMessages()) {
      const topic = reader.channelsById.get(m.channelId)!.topic;
      if (!byTopic.has(topic)) byTopic.set(topic, []);
      byTopic.get(topic)!.push(JSON.parse(decoder.decode(m.data)));
    }
    const metadata: Metadata[] = [];
    for await (const m of reader.readMetadata()) metadata.push(m);
    return { reader, byTopic, metadata };
  } finally {
    await file.close();
  }
}
