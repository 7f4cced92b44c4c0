import { describe, it, expect } from 'vitest';
import type { LinkState } from '../../src/ros/link.ts';
import type { SentInfo } from '../../src/ros/transport.ts';
import { connectNow, linkTo, useLinkCleanup } from './link-fixture.ts';
import { settle, waitFor } from './wait.ts';

useLinkCleanup();

describe('RosLink: connect, subscribe, publish', () => {
  it('publishes and receives through roslib over our transport', async () => {
    const f = await linkTo();
    const statuses: string[] = [];
    f.link.onStatus((s) => statuses.push(s.status));
    const got: unknown[] = [];
    f.link.subscribe('/chatter', 'std_msgs/msg/String', (m) => got.push(m), { throttleMs: 20, queueLength: 1 });
    const pub = f.link.advertise('/chatter', 'std_msgs/String');
    expect(pub.publish({ data: 'too early' })).toBe(false);
    await connectNow(f);
    expect(pub.publish({ data: 'hello' })).toBe(true);
    await waitFor(() => got.length === 1, 'the loopback delivery');

    expect(got).toEqual([{ data: 'hello' }]);
    expect(statuses).toEqual(['connecting', 'connected']);
    expect(f.link.state()).toEqual({ status: 'connected', url: f.fake.url, attempt: 0, retryInMs: null, lastError: null });
    const [sub] = f.fake.framesOf('subscribe', '/chatter');
    expect(sub).toMatchObject({ topic: '/chatter', type: 'std_msgs/msg/String', throttle_rate: 20, queue_length: 1 });
    expect(typeof sub?.id).toBe('string');
    expect(f.fake.framesOf('advertise', '/chatter')).toMatchObject([{ topic: '/chatter', type: 'std_msgs/String' }]);
    expect(f.fake.framesOf('publish', '/chatter')).toMatchObject([{ topic: '/chatter', msg: { data: 'hello' } }]);
  });

  it('reports when a published frame left the socket', async () => {
    const f = await linkTo();
    const sent: SentInfo[] = [];
    f.link.onSent((s) => sent.push(s));
    const pub = f.link.advertise('/cmd_vel', 'geometry_msgs/Twist');
    await connectNow(f);
    f.clock.advance(40);
    pub.publish({ linear: { x: 1, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    await waitFor(() => sent.some((s) => s.op === 'publish'), 'the sent report');
    expect(sent.find((s) => s.op === 'publish')).toMatchObject({ topic: '/cmd_vel', queuedAt: 40, sentAt: 40 });
  });

  it('ignores malformed frames, says so, stays up and keeps delivering', async () => {
    const f = await linkTo();
    const got: unknown[] = [];
    f.link.subscribe('/odom', 'nav_msgs/Odometry', (m) => got.push(m));
    let downs = 0;
    f.link.onDown(() => downs++);
    await connectNow(f);
    await waitFor(() => f.fake.framesOf('subscribe').length === 1, 'subscribe');
    f.fake.sendRaw('not json at all');
    f.fake.sendRaw(Buffer.from('\u0000\u0001garbage'));
    f.fake.sendRaw('{"op":"publish","topic":"/odom","msg":"nope"}');
    f.fake.sendRaw('null');
    f.fake.publish('/odom', { seq: 1 });
    await waitFor(() => got.length === 1, 'the good message');
    expect(got).toEqual([{ seq: 1 }]);
    expect(f.link.malformedFrames).toBe(4);
    expect(f.link.isUp).toBe(true);
    expect(downs).toBe(0);
    const problem = () => f.link.problems.list().find((p) => p.key === 'link.malformed');
    expect(problem()?.severity).toBe('warning');
    expect(problem()?.message).toBe(`1 malformed frame from ${f.fake.url} ignored; last: not JSON (not json at all)`);
    // Later ones are summed up once a second rather than one UI update per frame.
    f.clock.advance(1000);
    expect(problem()?.message).toMatch(/^4 malformed frames .*last: JSON null, not an object \(null\)$/);
  });

  it('keeps other subscribers fed when one handler throws, and raises a problem', async () => {
    const f = await linkTo();
    const got: unknown[] = [];
    f.link.subscribe('/scan', 'sensor_msgs/LaserScan', () => { throw new Error('bad handler'); });
    f.link.subscribe('/scan', 'sensor_msgs/LaserScan', (m) => got.push(m));
    await connectNow(f);
    await waitFor(() => f.fake.framesOf('subscribe').length === 2, 'both subscribes');
    f.fake.publish('/scan', { n: 1 });
    f.fake.publish('/scan', { n: 2 });
    await waitFor(() => got.length === 2, 'both messages');
    expect(f.link.isUp).toBe(true);
    expect(f.link.problems.list().find((p) => p.key === 'link.handler:/scan')?.message).toContain('bad handler');
  });

  it('unsubscribe sends the same id; a disposed publisher unadvertises', async () => {
    const f = await linkTo();
    const off = f.link.subscribe('/a', 'std_msgs/String', () => {});
    const pub = f.link.advertise('/b', 'std_msgs/String');
    await connectNow(f);
    off();
    pub.dispose();
    await waitFor(() => f.fake.framesOf('unadvertise').length === 1 && f.fake.framesOf('unsubscribe').length === 1, 'both');
    expect(f.fake.framesOf('unsubscribe')[0]?.id).toBe(f.fake.framesOf('subscribe', '/a')[0]?.id);
    expect(f.fake.framesOf('unadvertise')[0]?.id).toBe(f.fake.framesOf('advertise', '/b')[0]?.id);
    expect(pub.publish({ data: 'x' })).toBe(false);
    expect(f.link.subscribedTopics()).toEqual([]);
  });

  it('refuses bad names and types as programmer errors', async () => {
    const f = await linkTo();
    expect(() => f.link.subscribe('cmd vel', 'geometry_msgs/Twist', () => {})).toThrow(/"cmd vel"/);
    expect(() => f.link.advertise('/cmd_vel', 'Twist')).toThrow(/"Twist"/);
    expect(() => f.link.subscribe('/a', 'std_msgs/String', () => {}, { throttleMs: -1 })).toThrow(/throttleMs/);
  });
});

describe('RosLink: failures to connect', () => {
  it('a non-WebSocket URL fails at once with a problem', async () => {
    const f = await linkTo();
    const states: LinkState[] = [];
    f.link.onStatus((s) => states.push(s));
    f.link.connect('http://robot:9090');
    expect(f.link.state().status).toBe('failed');
    expect(f.link.problems.has('link.url')).toBe(true);
    expect(f.clock.pending()).toBe(0);
    expect(states.map((s) => s.status)).toEqual(['failed']);
  });

  it('a refused connection says how to start rosbridge, and keeps retrying', async () => {
    const { unusedPort } = await import('../fakes/rosbridge-fake.ts');
    const f = await linkTo({ maxAttempts: 2 });
    const url = `ws://127.0.0.1:${await unusedPort()}`;
    f.link.connect(url);
    await waitFor(() => f.link.state().status === 'reconnecting', 'the first failure');
    const problem = f.link.problems.list().find((p) => p.key === 'link.unreachable');
    expect(problem?.message).toBe(`Cannot reach ${url}: connection refused`);
    expect(problem?.hint).toContain('ros2 launch rosbridge_server rosbridge_websocket_launch.xml');
    expect(f.link.state()).toMatchObject({ attempt: 1, retryInMs: 250, lastError: problem?.message });
    f.clock.advance(250);
    await waitFor(() => f.link.state().status === 'failed', 'giving up after maxAttempts');
    expect(f.clock.pending()).toBe(0);
  });

  it('a server that refuses the handshake is named as such', async () => {
    const f = await linkTo();
    f.fake.refuse(true);
    f.link.connect(f.fake.url);
    await waitFor(() => f.link.state().status === 'reconnecting', 'the failure');
    expect(f.link.state().lastError).toBe(`${f.fake.url} answered HTTP 503, not a WebSocket upgrade`);
  });

  it('a silent server times out on the link clock', async () => {
    const { startSilentServer } = await import('../fakes/rosbridge-fake.ts');
    const silent = await startSilentServer();
    const f = await linkTo({ connectTimeoutMs: 3000 });
    try {
      f.link.connect(silent.url);
      f.clock.advance(3000);
      await waitFor(() => f.link.state().status === 'reconnecting', 'the timeout');
      expect(f.link.state().lastError).toBe(`Cannot reach ${silent.url}: no answer from ${silent.url} within 3000 ms`);
    } finally {
      f.link.disconnect();
      await silent.close();
    }
  });
});

describe('RosLink: listeners', () => {
  it('a listener that throws skips no other listener and does not escape into the socket', async () => {
    const f = await linkTo();
    let ups = 0;
    let downs = 0;
    f.link.onUp(() => { throw new Error('up broke'); });
    f.link.onUp(() => ups++);
    f.link.onDown(() => { throw new Error('down broke'); });
    f.link.onDown(() => downs++);
    await connectNow(f);
    expect(ups).toBe(1);
    f.fake.dropAll();
    await waitFor(() => downs === 1, 'the second onDown listener');
    f.clock.advance(250);
    await waitFor(() => ups === 2, 'reconnected');
    const keys = f.link.problems.list().map((p) => p.key);
    expect(keys).toEqual(expect.arrayContaining(['link.listener:onUp', 'link.listener:onDown']));
  });
});

describe('RosLink: disconnect and dispose', () => {
  it('disconnect is an expected down, closes the socket and stops retrying', async () => {
    const f = await linkTo();
    const downs: unknown[] = [];
    f.link.onDown((d) => downs.push(d));
    await connectNow(f);
    f.link.disconnect();
    expect(downs).toEqual([{ expected: true, reason: 'disconnected by the app' }]);
    expect(f.link.state()).toMatchObject({ status: 'idle', attempt: 0, retryInMs: null });
    await waitFor(() => f.fake.connections().length === 0, 'the server to see the close');
    f.clock.advance(60_000);
    await settle();
    expect(f.fake.connectionCount).toBe(1);
  });

  it('dispose leaves no socket, timer or listener behind', async () => {
    const f = await linkTo();
    const before = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    f.link.subscribe('/a', 'std_msgs/String', () => {});
    f.link.advertise('/b', 'std_msgs/String');
    await connectNow(f);
    f.link.dispose();
    await waitFor(() => f.fake.connections().length === 0, 'the server to see the close');
    await waitFor(() => f.clock.pending() === 0, 'the close-grace timer to be cancelled');
    await waitFor(() => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length <= before, 'client sockets to go');
    expect(() => f.link.connect(f.fake.url)).toThrow(/disposed/);
  });
});
