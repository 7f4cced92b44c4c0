/**
 * ROS graph names and message type names as rosbridge accepts them. Relative names
 * resolve against the root namespace, as they do for the rosbridge node itself.
 */
const NAME = /^\/?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const TYPE = /^([A-Za-z][A-Za-z0-9_]*)\/(?:(?:msg|srv|action)\/)?([A-Za-z][A-Za-z0-9_]*)$/;

/** `/a/b` for a valid name, otherwise an error string naming the bad value. */
export function canonicalName(kind: 'topic' | 'service', v: unknown): { name: string } | { error: string } {
  if (typeof v !== 'string') return { error: `${kind} must be a string, got ${describe(v)}` };
  if (v.length === 0 || v.length > 256 || !NAME.test(v)) return { error: `invalid ${kind} name ${describe(v)}` };
  return { name: v.startsWith('/') ? v : `/${v}` };
}

/** `pkg/Type` for `pkg/Type` or `pkg/msg/Type`, otherwise an error string. */
export function canonicalType(v: unknown): { type: string } | { error: string } {
  if (typeof v !== 'string') return { error: `type must be a string, got ${describe(v)}` };
  const m = v.length <= 256 ? TYPE.exec(v) : null;
  if (!m) return { error: `invalid message type ${describe(v)} (expected pkg/Type or pkg/msg/Type)` };
  return { type: `${m[1]}/${m[2]}` };
}

/** A short rendering of an untrusted value for messages; never walks a big object. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 50 ? `${v.slice(0, 50)}...` : v);
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}
