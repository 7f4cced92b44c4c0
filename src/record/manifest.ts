import type { EpisodeEntry, Manifest } from './dataset-types.ts';

type Kind = 'string' | 'number' | 'boolean' | 'string?' | 'number?' | 'outcome';

const FIELDS: Record<keyof EpisodeEntry, Kind> = {
  id: 'string', file: 'string', round: 'number', start: 'string', end: 'string', duration_s: 'number',
  distance_m: 'number', frames: 'number', operator_frames: 'number', policy_frames: 'number',
  interventions: 'number', operator_share: 'number', outcome: 'outcome', notes: 'string', complete: 'boolean',
  quarantined: 'boolean', robot: 'string', world: 'string?', seed: 'number?', policy_version: 'string?',
  operator: 'string', collisions: 'number?', departures: 'number?',
};

function fits(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string?':
      return v === null || typeof v === 'string';
    case 'number?':
      return v === null || (typeof v === 'number' && Number.isFinite(v));
    case 'outcome':
      return v === null || v === 'success' || v === 'failure';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    default:
      return typeof v === kind;
  }
}

/** An entry read from disk, or a line saying what is wrong with it. */
export function parseEntry(v: unknown): EpisodeEntry | string {
  if (typeof v !== 'object' || v === null) return 'an episode entry is not an object';
  const o = v as Record<string, unknown>;
  for (const [key, kind] of Object.entries(FIELDS)) {
    if (!fits(o[key], kind as Kind)) return `episode ${JSON.stringify(o.id ?? '?')}: field ${key} is ${JSON.stringify(o[key])}`;
  }
  const entry = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, o[k]])) as unknown as EpisodeEntry;
  if (entry.file.endsWith('.partial') || entry.file.includes('..')) return `episode ${entry.id}: file ${entry.file} is not a finished episode file`;
  return entry;
}

export type ParsedManifest = { ok: true; manifest: Manifest } | { ok: false; reason: string; salvage: EpisodeEntry[] };

/**
 * Validates manifest.json. Any fault makes the whole manifest suspect (it is rebuilt from
 * the files), but the entries that do validate are returned so their notes and outcome
 * tags can be carried over.
 */
export function parseManifest(text: string): ParsedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (err) {
    return { ok: false, reason: `not valid JSON (${(err as Error).message})`, salvage: [] };
  }
  const o = raw as Partial<Record<keyof Manifest, unknown>> | null;
  if (typeof o !== 'object' || o === null || o.version !== 1 || !Array.isArray(o.episodes) || typeof o.created !== 'string') {
    return { ok: false, reason: 'not a version 1 manifest (version, created or episodes missing)', salvage: [] };
  }
  const episodes: EpisodeEntry[] = [];
  const faults: string[] = [];
  for (const item of o.episodes) {
    const e = parseEntry(item);
    if (typeof e === 'string') faults.push(e);
    else episodes.push(e);
  }
  const ids = new Set<string>();
  for (const e of episodes) {
    if (ids.has(e.id)) faults.push(`episode ${e.id} is listed twice`);
    ids.add(e.id);
  }
  if (faults.length > 0) return { ok: false, reason: faults.join('; '), salvage: episodes };
  return { ok: true, manifest: { version: 1, created: o.created, episodes } };
}

export function serializeManifest(m: Manifest): string {
  return `${JSON.stringify(m, null, 1)}\n`;
}
