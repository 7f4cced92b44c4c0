import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EpisodeReader } from '../../src/record/episode-reader.ts';
import { EpisodeWriter } from '../../src/record/episode-writer.ts';
import { FRAME_SCHEMA, FRAME_TOPIC } from '../../src/record/frame.ts';
import { nodeRecordFs } from '../../src/record/node-record-fs.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { frameAt, metadataFor, odometryAt, RAW_TOPICS, readWithMcapCore, scanAt, tempDir } from './record-fixture.ts';

const settle = () => new Promise((r) => setImmediate(r));

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

describe('EpisodeWriter', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir('writer')));
  afterEach(() => tmp.cleanup());

  async function record(id: string, ticks: number, clock = new FakeClock()): Promise<EpisodeWriter> {
    const writer = await EpisodeWriter.open({ dir: tmp.dir, id, metadata: metadataFor(id), fs: nodeRecordFs, clock, rawTopics: RAW_TOPICS });
    for (let i = 0; i < ticks; i++) {
      const f = frameAt(i);
      const ns = writer.originNs + BigInt(Math.round(f.t * 1e9));
      writer.frame(f);
      writer.raw('/odom', odometryAt(f.t), ns);
      if (i % 5 === 0) writer.raw('/scan', scanAt(f.t), ns);
      writer.raw('/cmd_vel', { linear: { x: 0.4, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } }, ns);
      if (i % 10 === 0) await settle();
    }
    return writer;
  }

  it('writes frames, raw topics, schemas and metadata that @mcap/core reads back', async () => {
    const writer = await record('ep-a', 500);
    expect(existsSync(join(tmp.dir, 'ep-a.mcap.partial'))).toBe(true);
    const summary = await writer.close({ outcome: 'success' });
    expect(summary).toMatchObject({
      id: 'ep-a', complete: true, error: null, frames: 500, operator_frames: 100, policy_frames: 400,
      interventions: 2, operator_share: 0.2, outcome: 'success', file: join(tmp.dir, 'ep-a.mcap'),
    });
    expect(summary.duration_s).toBeCloseTo(9.98, 5);
    expect(summary.distance_m).toBeCloseTo(9.98, 3);
    expect(existsSync(join(tmp.dir, 'ep-a.mcap.partial'))).toBe(false);

    const { reader, byTopic, metadata: meta } = await readWithMcapCore(summary.file);
    expect(reader.header).toMatchObject({ profile: 'intervene', library: 'intervene' });
    const channels = [...reader.channelsById.values()].map((c) => [c.topic, c.messageEncoding, reader.schemasById.get(c.schemaId)?.name]);
    expect(channels).toEqual([
      [FRAME_TOPIC, 'json', 'intervene/Frame'], ['/odom', 'json', 'nav_msgs/msg/Odometry'],
      ['/scan', 'json', 'sensor_msgs/msg/LaserScan'], ['/cmd_vel', 'json', 'geometry_msgs/msg/Twist'],
    ]);
    const frameSchema = [...reader.schemasById.values()].find((s) => s.name === 'intervene/Frame')!;
    expect(frameSchema.encoding).toBe('jsonschema');
    expect(JSON.parse(new TextDecoder().decode(frameSchema.data))).toEqual(FRAME_SCHEMA);
    expect(byTopic.get(FRAME_TOPIC)).toEqual(Array.from({ length: 500 }, (_, i) => frameAt(i)));
    expect(byTopic.get('/scan')).toHaveLength(100);
    expect(byTopic.get('/odom')).toHaveLength(500);
    // One chunk per second of log time, at most.
    expect(reader.chunkIndexes.length).toBeGreaterThanOrEqual(10);
    for (const c of reader.chunkIndexes) expect(c.messageEndTime - c.messageStartTime).toBeLessThan(1_000_000_000n);
    expect(meta.map((m) => m.name)).toEqual(['intervene.episode', 'intervene.episode_end']);
    expect(meta[0]!.metadata.get('robot_profile')).toBe('rover');
    expect(meta[0]!.metadata.get('obs_fields')).toBe('["x","y","yaw","speed"]');
    expect(meta[1]!.metadata.get('outcome')).toBe('success');
  });

  it('reads back through EpisodeReader with metadata, channel counts and seek', async () => {
    const summary = await (await record('ep-b', 300)).close();
    const reader = await EpisodeReader.open(summary.file);
    try {
      expect(reader.complete).toBe(true);
      expect(reader.metadata).toEqual(metadataFor('ep-b'));
      expect(reader.end).toMatchObject({ complete: true, status: 'closed', outcome: null });
      expect(reader.channels().map((c) => [c.topic, c.count])).toEqual([[FRAME_TOPIC, 300], ['/odom', 300], ['/scan', 60], ['/cmd_vel', 300]]);
      const frames = await reader.frames();
      expect(frames).toEqual(Array.from({ length: 300 }, (_, i) => frameAt(i)));
      const at = await reader.seek(3.013);
      expect(at.frame?.tick).toBe(150);
      expect(at.latest.get('/scan')?.t).toBeCloseTo(3.0, 6);
      expect((at.latest.get('/odom')?.msg as { pose: { pose: { position: { x: number } } } }).pose.pose.position.x).toBeCloseTo(3.0, 6);
      const window = [];
      for await (const m of reader.messages('/scan', 1, 2)) window.push(m.t);
      expect(window.map((t) => Math.round(t * 10) / 10)).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
    } finally {
      await reader.close();
    }
  });

  it('closes a chunk on the clock when messages stop, and keeps caller calls cheap', async () => {
    const clock = new FakeClock();
    const writer = await EpisodeWriter.open({ dir: tmp.dir, id: 'ep-c', metadata: metadataFor('ep-c'), fs: nodeRecordFs, clock, chunkMs: 1000 });
    writer.frame(frameAt(0));
    writer.frame(frameAt(1));
    expect(writer.stats().queueDepth).toBe(2);
    await settle();
    await settle();
    const before = writer.stats();
    expect(before).toMatchObject({ queueDepth: 0, chunks: 0, frames: 2 });
    clock.advance(1300);
    await until(() => writer.stats().chunks === 1);
    expect(writer.stats().chunks).toBe(1);
    expect(writer.stats().bytes).toBeGreaterThan(before.bytes);
    const summary = await writer.close();
    expect(summary.frames).toBe(2);
    expect(statSync(summary.file).size).toBe(summary.bytes);
  });

  it('records what the caller passed at the time of the call, even if it changes the object afterwards', async () => {
    const clock = new FakeClock();
    const writer = await EpisodeWriter.open({ dir: tmp.dir, id: 'ep-e', metadata: metadataFor('ep-e'), fs: nodeRecordFs, clock, rawTopics: RAW_TOPICS });
    const frame = frameAt(0);
    const scan = scanAt(0, 4) as { ranges: number[] };
    writer.frame(frame);
    writer.raw('/scan', scan);
    clock.advance(250);
    writer.raw('/unlisted', { n: 1 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => writer.raw('/unlisted', cyclic)).not.toThrow();
    expect(writer.stats().dropped).toBe(1);
    frame.obs[0] = 123;
    frame.events.push('changed later');
    scan.ranges[0] = -1;
    const summary = await writer.close();
    const { byTopic, reader } = await readWithMcapCore(summary.file);
    expect(byTopic.get(FRAME_TOPIC)).toEqual([frameAt(0)]);
    expect((byTopic.get('/scan')![0] as { ranges: number[] }).ranges[0]).not.toBe(-1);
    expect(byTopic.get('/unlisted')).toEqual([{ n: 1 }]);
    const unlisted = [...reader.channelsById.values()].find((c) => c.topic === '/unlisted')!;
    expect(unlisted.schemaId).toBe(0);
  });

  it('refuses an unsafe id or a second episode with the same id', async () => {
    const clock = new FakeClock();
    await expect(EpisodeWriter.open({ dir: tmp.dir, id: '../evil', metadata: metadataFor('x'), fs: nodeRecordFs, clock })).rejects.toThrow(/not a safe file name/);
    await (await record('ep-d', 3)).close();
    await expect(EpisodeWriter.open({ dir: tmp.dir, id: 'ep-d', metadata: metadataFor('ep-d'), fs: nodeRecordFs, clock })).rejects.toThrow(/already exists/);
  });
});
