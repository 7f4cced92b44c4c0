import type { EpisodeReader } from './episode-reader.ts';
import { EpisodeTally, type EpisodeStats } from './episode-tally.ts';
import { parseFrame } from './frame-parse.ts';
import { FRAME_TOPIC } from './frame.ts';
import { isOdometryType } from './ros-schemas.ts';

/** One pass over a file's messages: the same figures the writer counts while recording. */
export async function tallyReader(reader: EpisodeReader): Promise<{ stats: EpisodeStats; messages: number; counts: Map<string, number> }> {
  const odometry = new Set(reader.channels().filter((c) => isOdometryType(c.schemaName)).map((c) => c.topic));
  const tally = new EpisodeTally(reader.metadata?.obs_fields ?? []);
  let messages = 0;
  const counts = new Map<string, number>(reader.channels().map((c) => [c.topic, 0]));
  for await (const m of reader.messages()) {
    messages++;
    counts.set(m.topic, (counts.get(m.topic) ?? 0) + 1);
    if (m.topic === FRAME_TOPIC) {
      const f = parseFrame(m.msg);
      if (f) tally.addFrame(f);
    } else if (odometry.has(m.topic)) {
      tally.addOdometry(m.msg);
    }
  }
  return { stats: tally.result(), messages, counts };
}
