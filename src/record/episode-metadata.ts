import type { EpisodeMetadata, Outcome } from './dataset-types.ts';

/** MCAP metadata record names. `intervene.episode` is written first, the end record on close. */
export const EPISODE_METADATA = 'intervene.episode';
export const EPISODE_END_METADATA = 'intervene.episode_end';
/** Extra key in the episode record: the log time (ns) that frame time `t = 0` maps to. */
const ORIGIN_KEY = 'time_origin_ns';

/** How an episode ended, written as the last metadata record. */
export interface EpisodeEnd {
  end: string;
  outcome: Outcome | null;
  complete: boolean;
  /** Why it ended: 'closed', 'write-error', 'recovered', or what the caller passed. */
  status: string;
  error: string | null;
  /** Seconds after which data was lost (recovered or failed episodes), else null. */
  lost_after_s: number | null;
}

// MCAP metadata values are strings: strings stay as they are, everything else is JSON.
const STRING_KEYS = ['id', 'robot_profile', 'operator', 'app_version', 'start'] as const;

export function encodeEpisodeMetadata(m: EpisodeMetadata, originNs: bigint): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(m)) {
    out.set(key, (STRING_KEYS as readonly string[]).includes(key) ? String(value) : JSON.stringify(value));
  }
  out.set(ORIGIN_KEY, originNs.toString());
  return out;
}

/** Reads the episode record back; null when a field is missing or of the wrong kind. */
export function decodeEpisodeMetadata(map: ReadonlyMap<string, string>): { metadata: EpisodeMetadata; originNs: bigint | null } | null {
  const json = (key: string): unknown => {
    const raw = map.get(key);
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };
  const strings = STRING_KEYS.map((k) => map.get(k));
  const round = json('round');
  const world = json('world');
  const seed = json('seed');
  const obs = json('obs_fields');
  const actions = json('action_fields');
  const version = json('policy_version');
  if (strings.some((s) => s === undefined)) return null;
  if (typeof round !== 'number' || !Number.isInteger(round) || round < 0) return null;
  if (world !== null && typeof world !== 'string') return null;
  if (seed !== null && typeof seed !== 'number') return null;
  if (!isStringArray(obs) || !isStringArray(actions)) return null;
  if (version !== null && typeof version !== 'string') return null;
  const [id, robot_profile, operator, app_version, start] = strings as string[];
  const origin = map.get(ORIGIN_KEY);
  return {
    metadata: {
      id: id!, round, robot_profile: robot_profile!, world, seed, operator: operator!, app_version: app_version!,
      start: start!, obs_fields: obs, action_fields: actions, policy_version: version,
    },
    originNs: origin !== undefined && /^\d+$/.test(origin) ? BigInt(origin) : null,
  };
}

export function encodeEpisodeEnd(e: EpisodeEnd): Map<string, string> {
  return new Map([
    ['end', e.end],
    ['outcome', e.outcome ?? ''],
    ['complete', String(e.complete)],
    ['status', e.status],
    ['error', e.error ?? ''],
    ['lost_after_s', e.lost_after_s === null ? '' : String(e.lost_after_s)],
  ]);
}

export function decodeEpisodeEnd(map: ReadonlyMap<string, string>): EpisodeEnd | null {
  const end = map.get('end');
  const complete = map.get('complete');
  if (end === undefined || (complete !== 'true' && complete !== 'false')) return null;
  const outcome = map.get('outcome');
  const lost = Number(map.get('lost_after_s') || NaN);
  return {
    end,
    outcome: outcome === 'success' || outcome === 'failure' ? outcome : null,
    complete: complete === 'true',
    status: map.get('status') ?? '',
    error: map.get('error') || null,
    lost_after_s: Number.isFinite(lost) ? lost : null,
  };
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}
