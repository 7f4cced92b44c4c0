/**
 * Service calls over rosbridge (`call_service` -> `service_response`). Done on Ros's raw
 * dispatch rather than roslib's Service so that each call's id is ours: a call that times
 * out stops listening, and the server's own `timeout` (ROS 2 rosbridge) can be set.
 */
import type { Clock } from '../base/clock.ts';
import { isObject } from './messages.ts';
import { assertRosName, assertRosType } from './protocol.ts';
import type { Ros } from './roslib.ts';

export type ServiceFailure = 'failed' | 'timeout' | 'disconnected';

export class ServiceCallError extends Error {
  constructor(readonly service: string, readonly kind: ServiceFailure, message: string) {
    super(message);
    this.name = 'ServiceCallError';
  }
}

interface Pending {
  fail(kind: ServiceFailure, why: string): void;
}

export class ServiceCalls {
  private readonly pending = new Set<Pending>();
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  /** `ros` is the live connection, or null when the link is down. */
  call(ros: Ros | null, name: string, type: string, args: object, timeoutMs: number): Promise<unknown> {
    assertRosName('service', name);
    assertRosType(type);
    if (!isObject(args)) throw new TypeError(`callService(${name}): args must be an object, got ${JSON.stringify(args)}`);
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError(`callService(${name}): timeoutMs must be > 0, got ${timeoutMs}`);
    if (!ros) {
      return Promise.reject(new ServiceCallError(name, 'disconnected', `Service ${name}: the link is not connected`));
    }
    const id = `call_service:${name}:${++this.seq}`;
    return new Promise<unknown>((resolve, reject) => {
      const finish = (): void => {
        cancelTimer();
        ros.off(id, onResponse);
        this.pending.delete(pending);
      };
      const pending: Pending = {
        fail: (kind, why) => {
          finish();
          reject(new ServiceCallError(name, kind, `Service ${name} ${why}`));
        },
      };
      const onResponse = (response: unknown): void => {
        finish();
        const r = isObject(response) ? response : {};
        // Older bridges omit `result`; only an explicit false is a failure.
        if (r.result === false) reject(new ServiceCallError(name, 'failed', `Service ${name} failed: ${describeValues(r.values)}`));
        else resolve(r.values ?? {});
      };
      const cancelTimer = this.clock.setTimeout(
        () => pending.fail('timeout', `did not answer within ${timeoutMs} ms`),
        timeoutMs,
      );
      this.pending.add(pending);
      ros.on(id, onResponse);
      // `type` spares a ROS 2 bridge the lookup of the service's type; roslib's typing lacks it.
      const frame = { op: 'call_service' as const, id, service: name, type, args, timeout: timeoutMs / 1000 };
      ros.callOnConnection(frame);
    });
  }

  /** Rejects every call still waiting, e.g. when the connection drops; `why` follows the service name. */
  failAll(kind: ServiceFailure, why: string): void {
    for (const p of [...this.pending]) p.fail(kind, why);
  }
}

function describeValues(values: unknown): string {
  if (typeof values === 'string' && values !== '') return values;
  if (values === undefined || values === null) return 'no reason given';
  return JSON.stringify(values).slice(0, 200);
}
