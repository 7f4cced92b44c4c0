import type { Frame, FrameDriver, FrameSource } from './frame.ts';

const DRIVERS: readonly string[] = ['operator', 'policy', 'none'] satisfies FrameDriver[];
const SOURCES: readonly string[] = ['tick', 'input', 'command', 'watchdog'] satisfies FrameSource[];

/**
 * A Frame read from a file is wire data: this checks every field's kind and returns null
 * for anything that is not a frame. Numbers written as JSON null (NaN) come back as NaN.
 */
export function parseFrame(v: unknown): Frame | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (typeof o.t !== 'number' || typeof o.stamp !== 'number') return null;
  if (typeof o.source !== 'string' || !SOURCES.includes(o.source)) return null;
  if (typeof o.driver !== 'string' || !DRIVERS.includes(o.driver)) return null;
  if (typeof o.enable !== 'boolean' || typeof o.estop !== 'boolean' || typeof o.armed !== 'boolean') return null;
  const obs = numbers(o.obs);
  if (!obs || !Array.isArray(o.events) || !o.events.every((e) => typeof e === 'string')) return null;
  const vectors = ['operator_action', 'policy_action', 'expert_action', 'published'] as const;
  const parsed: Partial<Record<(typeof vectors)[number], number[] | null>> = {};
  for (const key of vectors) {
    if (o[key] === undefined || o[key] === null) parsed[key] = null;
    else if (!(parsed[key] = numbers(o[key]))) return null;
  }
  const tick = nullable(o.tick, 'number');
  const doubt = nullable(o.doubt, 'number');
  const version = nullable(o.policy_version, 'string');
  const rtt = nullable(o.rtt_ms, 'number');
  if (tick === undefined || doubt === undefined || version === undefined || rtt === undefined) return null;
  return {
    t: o.t, stamp: o.stamp, tick: tick as number | null, source: o.source as FrameSource, obs,
    operator_action: parsed.operator_action ?? null, policy_action: parsed.policy_action ?? null,
    expert_action: parsed.expert_action ?? null, doubt: doubt as number | null, driver: o.driver as FrameDriver,
    policy_version: version as string | null, events: o.events as string[], enable: o.enable, estop: o.estop,
    armed: o.armed, published: parsed.published ?? null, rtt_ms: rtt as number | null,
  };
}

function numbers(v: unknown): number[] | null {
  if (!Array.isArray(v)) return null;
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    if (typeof x === 'number') out[i] = x;
    else if (x === null) out[i] = NaN;
    else return null;
  }
  return out;
}

/** The value, null for a missing or null field, undefined when it has the wrong kind. */
function nullable(v: unknown, kind: 'number' | 'string'): number | string | null | undefined {
  if (v === undefined || v === null) return null;
  return typeof v === kind ? (v as number | string) : undefined;
}
