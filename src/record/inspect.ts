import type { EpisodeMetadata } from './dataset-types.ts';
import type { EpisodeEnd } from './episode-metadata.ts';
import { EpisodeReader } from './episode-reader.ts';
import { tallyReader } from './episode-stats.ts';
import type { RecordFs } from './record-fs.ts';

export interface EpisodeInspection {
  file: string;
  /** Finished, undamaged and not marked incomplete by its end record. */
  complete: boolean;
  /** The file has a valid MCAP summary (index). */
  indexed: boolean;
  frames: number;
  duration_s: number;
  operator_frames: number;
  policy_frames: number;
  interventions: number;
  distance_m: number;
  channels: { topic: string; schema: string; count: number }[];
  metadata: EpisodeMetadata | null;
  end: EpisodeEnd | null;
  problems: string[];
}

/** Reads a whole episode file (finished or cut off) and says what it holds. */
export async function inspectEpisode(path: string, options: { fs?: RecordFs } = {}): Promise<EpisodeInspection> {
  const reader = await EpisodeReader.open(path, options);
  try {
    const { stats, counts } = await tallyReader(reader);
    const channels = reader.channels().map((c) => ({ topic: c.topic, schema: c.schemaName, count: counts.get(c.topic) ?? 0 }));
    return {
      file: path, complete: reader.complete, indexed: reader.indexed, frames: stats.frames, duration_s: stats.duration_s,
      operator_frames: stats.operator_frames, policy_frames: stats.policy_frames, interventions: stats.interventions,
      distance_m: stats.distance_m, channels, metadata: reader.metadata, end: reader.end, problems: [...reader.problems],
    };
  } finally {
    await reader.close();
  }
}
