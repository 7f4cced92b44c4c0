import { describe, it, expect } from 'vitest';
import { ServiceCallError } from '../../src/ros/service-calls.ts';
import { connectNow, linkTo, useLinkCleanup } from './link-fixture.ts';
import { waitFor } from './wait.ts';

useLinkCleanup();

async function failure(p: Promise<unknown>): Promise<ServiceCallError> {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!(err instanceof ServiceCallError)) throw new Error(`expected a ServiceCallError, got ${String(err)}`);
  return err;
}

describe('RosLink.callService', () => {
  it('resolves with the values and sends the protocol fields', async () => {
    const f = await linkTo();
    f.fake.services.set('/add', (args) => {
      const { a, b } = args as { a: number; b: number };
      return { result: true, values: { sum: a + b } };
    });
    await connectNow(f);
    await expect(f.link.callService('/add', 'example_interfaces/srv/AddTwoInts', { a: 2, b: 3 }, 1000)).resolves.toEqual({ sum: 5 });
    const [frame] = f.fake.framesOf('call_service');
    expect(frame).toMatchObject({ service: '/add', type: 'example_interfaces/srv/AddTwoInts', args: { a: 2, b: 3 }, timeout: 1 });
    expect(typeof frame?.id).toBe('string');
  });

  it('rejects with the server\'s text when result is false', async () => {
    const f = await linkTo();
    f.fake.services.set('/reset', () => ({ result: false, values: 'simulation is paused' }));
    await connectNow(f);
    const err = await failure(f.link.callService('/reset', 'std_srvs/Empty', {}, 1000));
    expect(err.kind).toBe('failed');
    expect(err.message).toBe('Service /reset failed: simulation is paused');
    const missing = await failure(f.link.callService('/nope', 'std_srvs/Empty', {}, 1000));
    expect(missing.message).toBe('Service /nope failed: Service /nope does not exist');
  });

  it('times out on the link clock and ignores a late answer', async () => {
    const f = await linkTo();
    const answers: Array<() => void> = [];
    f.fake.services.set('/slow', (_args, frame) => {
      answers.push(() => f.fake.sendRaw(JSON.stringify({ op: 'service_response', id: frame.id, service: '/slow', values: {}, result: true })));
      return null;
    });
    await connectNow(f);
    const call = failure(f.link.callService('/slow', 'std_srvs/Trigger', {}, 500));
    await waitFor(() => answers.length === 1, 'the call to arrive');
    f.clock.advance(499);
    let settled = false;
    void call.then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    f.clock.advance(1);
    const err = await call;
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe('Service /slow did not answer within 500 ms');
    answers[0]?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(f.link.isUp).toBe(true);
    expect(f.clock.pending()).toBeLessThanOrEqual(1); // only the link's stable-connection timer
  });

  it('rejects at once while down, and pending calls when the link drops', async () => {
    const f = await linkTo();
    const down = await failure(f.link.callService('/x', 'std_srvs/Trigger', {}, 500));
    expect(down.kind).toBe('disconnected');
    f.fake.services.set('/hang', () => null);
    await connectNow(f);
    const call = failure(f.link.callService('/hang', 'std_srvs/Trigger', {}, 10_000));
    await waitFor(() => f.fake.framesOf('call_service').length === 1, 'the call');
    f.fake.dropAll();
    const err = await call;
    expect(err.kind).toBe('disconnected');
    expect(err.message).toBe('Service /hang got no answer: the connection was lost');
  });

  it('refuses bad arguments as programmer errors', async () => {
    const f = await linkTo();
    expect(() => f.link.callService('/x', 'std_srvs/Trigger', {}, 0)).toThrow(/timeoutMs/);
    expect(() => f.link.callService('/x', 'Trigger', {}, 10)).toThrow(/"Trigger"/);
  });
});
