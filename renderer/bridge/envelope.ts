import type { AppEvent, ServerMessage } from '../../src/app/contract.ts';

const EVENT_PAYLOAD: Record<AppEvent['type'], string> = {
  state: 'state', scan: 'scan', markers: 'markers', profiles: 'profiles',
  episodes: 'episodes', recovery: 'recovery', models: 'models',
  replay: 'replay', replayScan: 'scan', replayOpening: 'opening', passes: 'passes', reaction: 'reaction', operators: 'operators',
};
/** Events whose payload is null by design: the replay closing. */
const MAY_BE_NULL: ReadonlySet<string> = new Set(['replay']);

/**
 * Checks the envelope of a frame from the console host. Payloads come from our own app
 * core; only their outer shape is checked so one malformed frame cannot break the UI.
 */
export function parseServerMessage(text: string): ServerMessage | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'frame is not JSON';
  }
  if (!isRecord(raw)) return 'frame is not an object';
  if (raw.kind === 'result') {
    if (typeof raw.id !== 'number') return 'result without a numeric id';
    if (raw.ok === true) return { kind: 'result', id: raw.id, ok: true, value: raw.value };
    if (raw.ok === false) return { kind: 'result', id: raw.id, ok: false, error: String(raw.error ?? 'unknown error') };
    return 'result without ok';
  }
  if (raw.kind === 'event') {
    const event = parseAppEvent(raw.event);
    return typeof event === 'string' ? event : { kind: 'event', event };
  }
  return `unknown frame kind ${JSON.stringify(raw.kind)}`;
}

export function parseAppEvent(raw: unknown): AppEvent | string {
  if (!isRecord(raw) || typeof raw.type !== 'string') return 'event without a type';
  const field = EVENT_PAYLOAD[raw.type as AppEvent['type']];
  if (field === undefined) return `unknown event type ${JSON.stringify(raw.type)}`;
  const payload = raw[field];
  if (payload === null && MAY_BE_NULL.has(raw.type)) return raw as unknown as AppEvent;
  if (typeof payload !== 'object' || payload === null) return `event ${raw.type} has no ${field}`;
  return raw as unknown as AppEvent;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
