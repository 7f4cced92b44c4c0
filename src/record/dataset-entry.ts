import { basename, join } from 'node:path';
import type { EpisodeEntry } from './dataset-types.ts';
import { EpisodeReader } from './episode-reader.ts';
import { tallyReader } from './episode-stats.ts';
import type { EpisodeSummary } from './episode-writer.ts';
import type { RecordFs } from './record-fs.ts';

/** The episode id is the file's name: `<id>.mcap`. */
export function idOfFile(file: string): string {
  return basename(file).replace(/\.mcap$/, '');
}

/** The manifest entry for an episode the writer just closed (`file` relative to the root). */
export function entryFromSummary(s: EpisodeSummary, file: string): EpisodeEntry {
  const m = s.metadata;
  const simulated = m.world !== null;
  return {
    id: s.id, file, round: m.round, start: s.start, end: s.end, duration_s: s.duration_s, distance_m: s.distance_m,
    frames: s.frames, operator_frames: s.operator_frames, policy_frames: s.policy_frames, interventions: s.interventions,
    operator_share: s.operator_share, outcome: s.outcome, notes: '', complete: s.complete, quarantined: false,
    robot: m.robot_profile, world: m.world, seed: m.seed, policy_version: m.policy_version, operator: m.operator,
    collisions: simulated ? s.collisions : null, departures: simulated ? s.departures : null,
  };
}

/** The manifest entry rebuilt from the file itself (recovery, a rebuilt manifest, an orphan). */
export async function entryFromFile(root: string, file: string, fs: RecordFs): Promise<EpisodeEntry> {
  const reader = await EpisodeReader.open(join(root, file), { fs });
  try {
    const { stats } = await tallyReader(reader);
    const m = reader.metadata;
    const startMs = Number(reader.originNs / 1_000_000n);
    const simulated = (m?.world ?? null) !== null;
    return {
      id: idOfFile(file), file, round: m?.round ?? 0,
      start: m?.start ?? new Date(startMs).toISOString(),
      end: reader.end?.end || new Date(startMs + stats.duration_s * 1000).toISOString(),
      ...stats,
      collisions: simulated ? stats.collisions : null, departures: simulated ? stats.departures : null,
      outcome: reader.end?.outcome ?? null, notes: '', complete: reader.complete,
      quarantined: file.startsWith('quarantine/'), robot: m?.robot_profile ?? 'unknown', world: m?.world ?? null,
      seed: m?.seed ?? null, policy_version: m?.policy_version ?? null, operator: m?.operator ?? '',
    };
  } finally {
    await reader.close();
  }
}
