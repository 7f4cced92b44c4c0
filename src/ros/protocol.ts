/**
 * The rosbridge v2 frames the client accepts, checked before roslib sees them. roslib
 * dispatches a frame by using its `topic`, `id`, `service` or `action` as an event name
 * on the Ros emitter, so a frame naming one of Ros's own events ('close', ...) could fake
 * a disconnect; such frames are refused here, along with everything that is not a frame
 * this client asked for.
 */
import { isObject } from './messages.ts';

/** An incoming frame that passed `checkIncoming`; fields beyond `op` are still unchecked values. */
export interface IncomingFrame extends Record<string, unknown> {
  op: string;
}

export type FrameCheck = { ok: true; frame: IncomingFrame } | { ok: false; reason: string };

/** Event names roslib's Ros emits for itself. */
const RESERVED_NAMES = new Set(['connection', 'close', 'error', 'status']);

export function checkIncoming(raw: unknown): FrameCheck {
  if (!isObject(raw)) return bad(Array.isArray(raw) ? 'JSON array, not an object' : `JSON ${raw === null ? 'null' : typeof raw}, not an object`);
  const op = raw.op;
  if (typeof op !== 'string' || op === '') return bad('no "op" field');
  switch (op) {
    case 'publish': {
      const topic = raw.topic;
      if (typeof topic !== 'string' || topic === '') return bad('publish without a topic');
      if (RESERVED_NAMES.has(topic)) return bad(`publish on the reserved name "${topic}"`);
      if (!isObject(raw.msg)) return bad(`publish on ${topic}: "msg" is not an object`);
      return ok(raw, op);
    }
    case 'service_response': {
      const id = raw.id;
      if (typeof id !== 'string' && typeof id !== 'number') return bad('service_response without an id');
      if (typeof id === 'string' && RESERVED_NAMES.has(id)) return bad(`service_response with the reserved id "${id}"`);
      if (raw.result !== undefined && typeof raw.result !== 'boolean') return bad('service_response: "result" is not a boolean');
      return ok(raw, op);
    }
    case 'status':
      return ok(raw, op);
    case 'fragment':
    case 'png':
      // We never ask for fragments or compression; reassembling a stranger's parts would
      // also skip these checks.
      return bad(`${op} frame, which this client never requests`);
    default:
      // Services and actions offered by the client are not used: nothing else is expected.
      return bad(`unexpected op ${JSON.stringify(op).slice(0, 40)}`);
  }
}

function ok(raw: Record<string, unknown>, _op: string): FrameCheck {
  return { ok: true, frame: raw as IncomingFrame };
}

function bad(reason: string): FrameCheck {
  return { ok: false, reason };
}

/** `pkg/Type` and `pkg/msg/Type` (also `srv`, `action`), as rosbridge accepts them. */
const TYPE_RE = /^[A-Za-z][A-Za-z0-9_]*\/(?:(?:msg|srv|action)\/)?[A-Za-z][A-Za-z0-9_]*$/;
/** Global or relative ROS graph names; no `~` (private to the bridge node) and no whitespace. */
const NAME_RE = /^\/?[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Throws (a programmer error) when `name` is not a usable topic or service name. */
export function assertRosName(kind: 'topic' | 'service', name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME_RE.test(name) || RESERVED_NAMES.has(name)) {
    throw new TypeError(`Invalid ROS ${kind} name ${JSON.stringify(name)}: use e.g. "/cmd_vel"`);
  }
}

/** Throws (a programmer error) when `type` is not `pkg/Type` or `pkg/msg/Type`. */
export function assertRosType(type: unknown): asserts type is string {
  if (typeof type !== 'string' || !TYPE_RE.test(type)) {
    throw new TypeError(`Invalid ROS type ${JSON.stringify(type)}: use e.g. "geometry_msgs/Twist" or "geometry_msgs/msg/Twist"`);
  }
}

/** A short printable excerpt of a frame for a problem message. */
export function excerpt(data: string, max = 60): string {
  const flat = data.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
