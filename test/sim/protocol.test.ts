import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimHandle } from '../../src/sim/index.ts';
import { FakeClock } from '../fakes/fake-clock.ts';
import { RawClient } from './raw-client.ts';

let sim: SimHandle;
let clock: FakeClock;
const clients: RawClient[] = [];

async function client(): Promise<RawClient> {
  const c = await RawClient.connect(sim.url);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  clock = new FakeClock();
  sim = await startSimulator({ world: 'lane', seed: 1, port: 0, clock });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await sim.dispose();
});

const chatter = (data: string) => ({ op: 'publish', topic: '/chatter', msg: { data } });

describe('rosbridge protocol: topics', () => {
  it('delivers what one client publishes to every subscriber, other clients included', async () => {
    const a = await client(), b = await client(), c = await client();
    a.send({ op: 'subscribe', id: 's1', topic: '/chatter', type: 'std_msgs/String' });
    b.send({ op: 'subscribe', topic: '/chatter' });
    await a.sync();
    await b.sync();
    c.send({ op: 'advertise', id: 'adv', topic: '/chatter', type: 'std_msgs/String' });
    c.send({ ...chatter('hello'), id: 'pub-1' });
    expect(await a.next((f) => f.topic === '/chatter')).toEqual({ op: 'publish', topic: '/chatter', msg: { data: 'hello' } });
    expect(await b.next((f) => f.topic === '/chatter')).toEqual({ op: 'publish', topic: '/chatter', msg: { data: 'hello' } });
    await c.sync();
    expect(c.take('/chatter')).toEqual([]);
    expect(sim.stats().rejectedFrames).toBe(0);
  });

  it('accepts pkg/msg/Type as pkg/Type and rejects a conflicting type', async () => {
    const a = await client(), b = await client();
    a.send({ op: 'subscribe', topic: '/chatter', type: 'std_msgs/msg/String' });
    b.send({ op: 'advertise', topic: '/chatter', type: 'std_msgs/String' });
    await a.sync();
    await b.sync();
    expect(sim.stats().rejectedFrames).toBe(0);
    b.send({ op: 'advertise', topic: '/chatter', type: 'std_msgs/Int32' });
    b.send({ op: 'subscribe', topic: '/odom', type: 'geometry_msgs/msg/Twist' });
    await b.sync();
    expect(sim.stats().rejectedFrames).toBe(2);
    b.send(chatter('typed'));
    expect((await a.next((f) => f.topic === '/chatter')).msg).toEqual({ data: 'typed' });
  });

  it('unsubscribe with an id removes that subscription; without one, all of them', async () => {
    const a = await client(), p = await client();
    a.send({ op: 'subscribe', id: 'one', topic: '/chatter' });
    a.send({ op: 'subscribe', id: 'two', topic: '/chatter' });
    await a.sync();
    p.send(chatter('1'));
    await p.sync();
    await a.sync();
    expect(a.take('/chatter')).toHaveLength(1); // one delivery per client, however many subscribe ops
    a.send({ op: 'unsubscribe', id: 'one', topic: '/chatter' });
    await a.sync();
    p.send(chatter('2'));
    await p.sync();
    await a.sync();
    expect(a.take('/chatter').map((f) => f.msg)).toEqual([{ data: '2' }]);
    a.send({ op: 'subscribe', id: 'three', topic: '/chatter' });
    a.send({ op: 'unsubscribe', topic: '/chatter' });
    await a.sync();
    p.send(chatter('3'));
    await p.sync();
    await a.sync();
    expect(a.take('/chatter')).toEqual([]);
  });

  it('throttle_rate drops what comes inside the window; several subscriptions share the smallest', async () => {
    const a = await client(), p = await client();
    a.send({ op: 'subscribe', id: 'slow', topic: '/chatter', throttle_rate: 100 });
    await a.sync();
    for (let i = 0; i < 5; i++) p.send(chatter(`burst ${i}`));
    await p.sync();
    await a.sync();
    expect(a.take('/chatter').map((f) => f.msg)).toEqual([{ data: 'burst 0' }]);
    clock.advance(100);
    p.send(chatter('later'));
    await p.sync();
    await a.sync();
    expect(a.take('/chatter').map((f) => f.msg)).toEqual([{ data: 'later' }]);
    a.send({ op: 'subscribe', id: 'fast', topic: '/chatter', throttle_rate: 0 });
    for (let i = 0; i < 3; i++) p.send(chatter(`all ${i}`));
    await a.sync();
    await p.sync();
    await a.sync();
    expect(a.take('/chatter')).toHaveLength(3);
  });

  it('queue_length with a throttle queues, drops the oldest when full, and sends one per period', async () => {
    const a = await client(), p = await client();
    a.send({ op: 'subscribe', topic: '/chatter', throttle_rate: 100, queue_length: 2 });
    await a.sync();
    for (let i = 0; i < 5; i++) p.send(chatter(`m${i}`));
    await p.sync();
    await a.sync();
    expect(a.take('/chatter').map((f) => f.msg)).toEqual([{ data: 'm0' }]);
    clock.advance(100);
    await a.sync();
    expect(a.take('/chatter').map((f) => f.msg)).toEqual([{ data: 'm3' }]);
    clock.advance(100);
    await a.sync();
    expect(a.take('/chatter').map((f) => f.msg)).toEqual([{ data: 'm4' }]);
    clock.advance(1000);
    await a.sync();
    expect(a.take('/chatter')).toEqual([]);
  });

  it('delivers latched messages to late subscribers, including the world markers', async () => {
    const p = await client();
    p.send({ op: 'publish', topic: '/map_name', msg: { data: 'lane' }, latch: true });
    p.send({ op: 'advertise', topic: '/latched_by_advert', type: 'std_msgs/String', latch: true });
    p.send({ op: 'publish', topic: '/latched_by_advert', msg: { data: 'kept' } });
    await p.sync();
    const late = await client();
    late.send({ op: 'subscribe', topic: '/map_name' });
    late.send({ op: 'subscribe', topic: '/latched_by_advert' });
    late.send({ op: 'subscribe', topic: '/world/markers', type: 'visualization_msgs/msg/MarkerArray' });
    expect((await late.next((f) => f.topic === '/map_name')).msg).toEqual({ data: 'lane' });
    expect((await late.next((f) => f.topic === '/latched_by_advert')).msg).toEqual({ data: 'kept' });
    const markers = (await late.next((f) => f.topic === '/world/markers')).msg as { markers: Array<{ ns: string; type: number }> };
    expect(markers.markers.filter((m) => m.ns === 'obstacles').every((m) => m.type === 1)).toBe(true);
    expect(markers.markers.filter((m) => m.ns === 'road_edges').every((m) => m.type === 4)).toBe(true);
    expect(markers.markers.some((m) => m.ns === 'goal')).toBe(true);
    // A latched message leaves with the client that published it.
    await p.close();
    const later = await client();
    later.send({ op: 'subscribe', topic: '/map_name' });
    await later.sync();
    expect(later.take('/map_name')).toEqual([]);
  });

  it('answers relative names in the client\'s own spelling', async () => {
    const a = await client(), p = await client();
    a.send({ op: 'subscribe', topic: 'chatter' });
    await a.sync();
    p.send(chatter('relative'));
    expect(await a.next((f) => f.op === 'publish')).toEqual({ op: 'publish', topic: 'chatter', msg: { data: 'relative' } });
  });

  it('reassembles fragments into the publish they were cut from', async () => {
    const a = await client(), p = await client();
    a.send({ op: 'subscribe', topic: '/chatter' });
    await a.sync();
    const text = JSON.stringify(chatter('in pieces'));
    const parts = [text.slice(0, 10), text.slice(10, 25), text.slice(25)];
    p.send({ op: 'fragment', id: 'f1', num: 2, total: 3, data: parts[2] as string });
    p.send({ op: 'fragment', id: 'f1', num: 0, total: 3, data: parts[0] as string });
    p.send({ op: 'fragment', id: 'f1', num: 1, total: 3, data: parts[1] as string });
    expect((await a.next((f) => f.topic === '/chatter')).msg).toEqual({ data: 'in pieces' });
  });

  it('streams /odom, /scan and /clock stamped in sim time as the clock advances', async () => {
    const a = await client();
    for (const topic of ['/odom', '/scan', '/clock']) a.send({ op: 'subscribe', topic });
    await a.sync();
    clock.advance(1000);
    await a.sync();
    const odom = a.take('/odom');
    expect(odom.length).toBeGreaterThanOrEqual(49);
    expect(odom.at(-1)?.msg).toMatchObject({ header: { frame_id: 'odom' }, child_frame_id: 'base_link' });
    expect(a.take('/scan').length).toBeGreaterThanOrEqual(9);
    expect(a.take('/clock').at(-1)?.msg).toMatchObject({ clock: { sec: expect.any(Number), nanosec: expect.any(Number) } });
  });
});

describe('startSimulator', () => {
  it('fails clearly when the port is taken, and validates its options', async () => {
    await expect(startSimulator({ world: 'lane', seed: 1, port: sim.port, clock })).rejects.toThrow(/EADDRINUSE/);
    await expect(startSimulator({ world: 'lane', seed: 1, port: 0, speed: 0 })).rejects.toThrow(/speed.*0/);
    await expect(startSimulator({ world: 'moon' as 'lane', seed: 1, port: 0 })).rejects.toThrow(/moon/);
  });

  it('offers reset, world change and pause to in-process hosts', async () => {
    sim.setWorld('forest', 3);
    expect([sim.world(), sim.seed()]).toEqual(['forest', 3]);
    clock.advance(100);
    sim.reset();
    expect(sim.simTime()).toBe(0);
    sim.setPaused(true);
    clock.advance(100);
    expect(sim.simTime()).toBe(0);
    expect(sim.paused()).toBe(true);
  });
});

describe('rosbridge protocol: services', () => {
  it('echoes ids, string or number, in service_response', async () => {
    const a = await client();
    clock.advance(1000);
    const r = await a.call('/rosapi/get_time', undefined, 'abc');
    expect(r).toMatchObject({ op: 'service_response', id: 'abc', service: '/rosapi/get_time', result: true });
    expect((r.values as { time: { sec: number } }).time.sec).toBeGreaterThanOrEqual(0);
    expect(await a.call('/rosapi/get_time', {}, 7)).toMatchObject({ id: 7, result: true });
  });

  it('answers an unknown service and bad args with result false and a message naming them', async () => {
    const a = await client();
    expect(await a.call('/no/such/service', {}, 'u')).toEqual({ op: 'service_response', id: 'u', service: '/no/such/service', values: 'Service /no/such/service does not exist', result: false });
    const bad = await a.call('/sim/pause', { data: 'yes' });
    expect(bad.result).toBe(false);
    expect(bad.values).toContain('"yes"');
    const badSeed = await a.call('/sim/reset', { seed: 'abc' });
    expect(badSeed).toMatchObject({ result: false });
    expect(badSeed.values).toContain('"abc"');
    const badWorld = await a.call('/sim/set_world', { world: 'moon' });
    expect(badWorld.values).toContain('"moon"');
    expect((await a.call('/sim/reset', 5)).values).toMatch(/args must be a JSON object/);
  });

  it('/sim/set_world and /sim/reset rebuild the world; /sim/pause stops sim time', async () => {
    const a = await client();
    a.send({ op: 'subscribe', topic: '/world/markers' });
    await a.next((f) => f.topic === '/world/markers');
    expect(await a.call('/sim/set_world', { world: 'forest', seed: 9 })).toMatchObject({ result: true, values: { success: true } });
    expect(sim.world()).toBe('forest');
    expect(sim.seed()).toBe(9);
    const forest = (await a.next((f) => f.topic === '/world/markers')).msg as { markers: Array<{ ns: string }> };
    expect(forest.markers.some((m) => m.ns === 'trees')).toBe(true);
    expect(await a.call('/sim/reset', { seed: 4 })).toMatchObject({ result: true });
    expect(sim.seed()).toBe(4);
    await a.next((f) => f.topic === '/world/markers');
    expect(await a.call('/sim/pause', { data: true })).toMatchObject({ result: true, values: { success: true, message: 'paused' } });
    const t0 = sim.simTime();
    clock.advance(500);
    expect(sim.simTime()).toBe(t0);
    await a.call('/sim/pause', { data: false });
    clock.advance(500);
    expect(sim.simTime()).toBeGreaterThan(t0 + 0.4);
    const topics = await a.call('/rosapi/topics');
    expect((topics.values as { topics: string[] }).topics).toEqual(expect.arrayContaining(['/odom', '/scan', '/cmd_vel', '/world/markers']));
  });
});
