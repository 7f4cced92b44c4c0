import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSLIB, type Ros } from './roslib.ts';
import { startSimulator, type SimHandle } from '../../src/sim/index.ts';
import { RawClient } from './raw-client.ts';

let sim: SimHandle;
let ros: Ros;
let odomCount = 0;
const logLines: string[] = [];
const clients: RawClient[] = [];

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(sim.url);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sim = await startSimulator({ world: 'forest', seed: 1, port: 0, speed: 2, log: (l) => logLines.push(l) });
  ros = new ROSLIB.Ros({});
  const connected = new Promise<void>((resolve) => ros.on('connection', () => resolve()));
  await ros.connect(sim.url);
  await connected;
  new ROSLIB.Topic({ ros, name: '/odom', messageType: 'nav_msgs/Odometry' }).subscribe(() => odomCount++);
  await waitFor(() => odomCount > 5);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  ros.close();
  await sim.dispose();
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const deep = (n: number): string => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('hostile input', () => {
  it('rejects each malformed frame, keeps the sender connected and the other clients served', async () => {
    const bad = await client();
    const watcher = await client();
    watcher.send({ op: 'subscribe', topic: '/deep' });
    watcher.send({ op: 'subscribe', topic: '/x' });
    await watcher.sync();
    const frames: Array<string | Buffer> = [
      'not json at all',
      '{"op": "publish", "topic": "/x", "msg": {"data": 1}', // truncated
      Buffer.from([0x00, 0x01, 0x02, 0xff]), // binary
      'null',
      '[1, 2, 3]',
      '"just a string"',
      '{}',
      JSON.stringify({ op: 42 }),
      JSON.stringify({ op: 'explode' }),
      JSON.stringify({ op: 'subscribe', topic: 42 }),
      JSON.stringify({ op: 'subscribe', topic: '/x', throttle_rate: 'fast' }),
      JSON.stringify({ op: 'subscribe', topic: '/x', queue_length: -1 }),
      JSON.stringify({ op: 'subscribe', topic: 'bad name!' }),
      JSON.stringify({ op: 'advertise', topic: '/x', type: 5 }),
      JSON.stringify({ op: 'advertise', topic: '/x', type: 'not a type' }),
      JSON.stringify({ op: 'publish', topic: '/x', msg: 'a string' }),
      JSON.stringify({ op: 'publish', topic: '/x', msg: { data: 1 }, latch: 'yes' }),
      JSON.stringify({ op: 'publish', id: { nested: true }, topic: '/x', msg: {} }),
      JSON.stringify({ op: 'call_service', service: { name: '/sim/reset' } }),
      JSON.stringify({ op: 'fragment', id: 'f', data: 7, num: 0, total: 2 }),
      JSON.stringify({ op: 'fragment', id: 'f', data: '{', num: 5, total: 2 }),
      JSON.stringify({ op: 'fragment', id: 'g', data: 'not json', num: 0, total: 1 }),
      '['.repeat(200_000) + ']'.repeat(200_000), // deeply nested: parses, but is no frame
      `{"op":"publish","topic":"/deep","msg":${deep(200_000)}}`, // too deep to serialise for the subscriber
    ];
    const before = sim.stats().rejectedFrames;
    const odomBefore = odomCount;
    for (const f of frames) bad.socket.send(f);
    // A bad /cmd_vel is delivered (it is valid JSON) but never moves the robot.
    bad.send('{"op":"publish","topic":"/cmd_vel","msg":{"linear":{"x":1e400},"angular":{"z":0}}}');
    await bad.sync();
    expect(sim.stats().rejectedFrames - before).toBe(frames.length);
    expect(bad.closeCode).toBeNull();
    await watcher.sync();
    expect(watcher.take('/deep')).toEqual([]);
    expect(watcher.take('/x')).toEqual([]);
    await waitFor(() => odomCount > odomBefore + 10);
    expect(sim.stats().clients).toBe(3);
    expect(logLines.some((l) => l.includes('unknown op "explode"'))).toBe(true);
    expect(logLines.some((l) => l.includes('binary frame'))).toBe(true);
  });

  it('closes a client whose frame is too big (1009) or not UTF-8 (1007), and no one else', async () => {
    const huge = await client();
    huge.socket.send(`{"op":"publish","topic":"/x","msg":{"data":"${'x'.repeat(17 * 1024 * 1024)}"}}`);
    expect(await huge.closed()).toBe(1009);
    const garbled = await client();
    garbled.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await garbled.closed()).toBe(1007);
    const odomBefore = odomCount;
    await waitFor(() => odomCount > odomBefore + 5);
    const fresh = await client();
    expect(await fresh.call('/rosapi/get_time')).toMatchObject({ result: true });
  });

  it('bounds the topics one client can hold state on', async () => {
    const greedy = await client();
    const before = sim.stats().rejectedFrames;
    for (let i = 0; i < 1001; i++) greedy.send({ op: 'subscribe', topic: `/t${i}` });
    await greedy.sync();
    expect(sim.stats().rejectedFrames - before).toBe(1);
    expect(logLines.some((l) => l.includes('already holds 1000 topics'))).toBe(true);
    await greedy.close();
  });

  it('disconnects a client that floods bad frames, while a well-behaved one keeps its stream', async () => {
    const flooder = await client();
    for (let i = 0; i < 2000 && flooder.closeCode === null; i++) flooder.socket.send(`garbage ${i}`);
    expect(await flooder.closed()).toBe(1008);
    const odomBefore = odomCount;
    await waitFor(() => odomCount > odomBefore + 5);
    const after = await client();
    after.send({ op: 'subscribe', topic: '/chatter' });
    await after.sync();
    after.send({ op: 'publish', topic: '/chatter', msg: { data: 'still here' } });
    expect((await after.next((f) => f.topic === '/chatter')).msg).toEqual({ data: 'still here' });
  });
});
