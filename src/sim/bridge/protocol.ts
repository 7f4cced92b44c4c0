import { isObject } from '../../ros/messages.ts';
import { canonicalName, canonicalType, describe } from './names.ts';

/** The `id` a client names an interaction with; echoed back, never interpreted. */
export type OpId = string | number;

/** `topic` is canonical (`/a/b`); `wire` is the client's own spelling, used in deliveries. */
export type InboundOp =
  | { op: 'advertise'; id?: OpId; topic: string; wire: string; type?: string; latch: boolean }
  | { op: 'unadvertise'; id?: OpId; topic: string }
  | { op: 'publish'; id?: OpId; topic: string; msg: Record<string, unknown>; latch: boolean }
  | { op: 'subscribe'; id?: OpId; topic: string; wire: string; type?: string; throttleMs: number; queueLength: number }
  | { op: 'unsubscribe'; id?: OpId; topic: string; wire: string }
  | { op: 'call_service'; id?: OpId; service: string; args: unknown }
  | { op: 'fragment'; id: OpId; data: string; num: number; total: number }
  /** Ops stock rosbridge accepts that change nothing here (set_level, auth). */
  | { op: 'noop' };

export const LIMITS = { maxThrottleMs: 3_600_000, maxQueueLength: 100_000, maxFragments: 100_000 } as const;

type Result = InboundOp | { error: string };

/** Validates one decoded frame. Wire data stays `unknown` until it passes here. */
export function parseOp(frame: unknown): Result {
  if (!isObject(frame)) return { error: `frame must be a JSON object, got ${describe(frame)}` };
  const { op } = frame;
  if (typeof op !== 'string') return { error: `missing or non-string "op": ${describe(op)}` };
  const id = readId(frame.id);
  if (typeof id === 'object') return id;
  switch (op) {
    case 'advertise':
    case 'subscribe': {
      const t = topicOf(frame);
      if ('error' in t) return t;
      const type = frame.type === undefined || frame.type === null ? undefined : canonicalType(frame.type);
      if (type && 'error' in type) return type;
      if (op === 'advertise') {
        const latch = flag(frame.latch, 'latch');
        return typeof latch === 'object' ? latch : { op, id, ...t, type: type?.type, latch };
      }
      const throttleMs = count(frame.throttle_rate, 'throttle_rate', LIMITS.maxThrottleMs);
      if (typeof throttleMs === 'object') return throttleMs;
      const queueLength = count(frame.queue_length, 'queue_length', LIMITS.maxQueueLength);
      if (typeof queueLength === 'object') return queueLength;
      return { op, id, ...t, type: type?.type, throttleMs, queueLength };
    }
    case 'unadvertise':
    case 'unsubscribe': {
      const t = topicOf(frame);
      if ('error' in t) return t;
      return op === 'unadvertise' ? { op, id, topic: t.topic } : { op, id, ...t };
    }
    case 'publish': {
      const t = topicOf(frame);
      if ('error' in t) return t;
      if (!isObject(frame.msg)) return { error: `publish to ${t.topic}: "msg" must be a JSON object, got ${describe(frame.msg)}` };
      const latch = flag(frame.latch, 'latch');
      return typeof latch === 'object' ? latch : { op, id, topic: t.topic, msg: frame.msg, latch };
    }
    case 'call_service': {
      const s = canonicalName('service', frame.service);
      if ('error' in s) return s;
      return { op, id, service: s.name, args: frame.args };
    }
    case 'fragment':
      return parseFragment(frame, id);
    case 'set_level':
    case 'auth':
      return { op: 'noop' };
    default:
      return { error: `unknown op ${describe(op)}` };
  }
}

function parseFragment(frame: Record<string, unknown>, id: OpId | undefined): Result {
  const { data, num, total } = frame;
  if (id === undefined) return { error: 'fragment without "id"' };
  if (typeof data !== 'string') return { error: `fragment "data" must be a string, got ${describe(data)}` };
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || total > LIMITS.maxFragments) {
    return { error: `fragment "total" must be an integer in 1..${LIMITS.maxFragments}, got ${describe(total)}` };
  }
  if (typeof num !== 'number' || !Number.isInteger(num) || num < 0 || num >= total) {
    return { error: `fragment "num" must be an integer in 0..${total - 1}, got ${describe(num)}` };
  }
  return { op: 'fragment', id, data, num, total };
}

function readId(v: unknown): OpId | undefined | { error: string } {
  if (v === undefined || v === null) return undefined;
  if ((typeof v === 'string' && v.length <= 1024) || (typeof v === 'number' && Number.isFinite(v))) return v;
  return { error: `"id" must be a string or a number, got ${describe(v)}` };
}

function topicOf(frame: Record<string, unknown>): { topic: string; wire: string } | { error: string } {
  const t = canonicalName('topic', frame.topic);
  return 'error' in t ? t : { topic: t.name, wire: frame.topic as string };
}

function flag(v: unknown, field: string): boolean | { error: string } {
  if (v === undefined || v === null) return false;
  return typeof v === 'boolean' ? v : { error: `"${field}" must be a boolean, got ${describe(v)}` };
}

function count(v: unknown, field: string, max: number): number | { error: string } {
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
    return { error: `"${field}" must be a number in 0..${max}, got ${describe(v)}` };
  }
  return Math.floor(v);
}
