import type { Clock } from '../base/clock.ts';
import type { EpisodeMetadata, Outcome } from './dataset-types.ts';
import type { EpisodeStats } from './episode-tally.ts';
import type { RecordFs } from './record-fs.ts';
import type { RawTopic } from './ros-schemas.ts';

export interface EpisodeWriterOptions {
  /** Folder of the episode files (a dataset's episodes/). */
  dir: string;
  id: string;
  metadata: EpisodeMetadata;
  fs: RecordFs;
  clock: Clock;
  /**
   * The most episode time a crash may lose (default 1000). Chunks are closed after half
   * of it, by log time or by the clock if messages stop, which leaves the other half for
   * the write to reach the disk.
   */
  chunkMs?: number;
  rawTopics?: readonly RawTopic[];
  /** Clock ms that frame time t = 0 stands for; default: the clock at open. */
  t0?: number;
  /** Past this much unwritten data the disk is not keeping up: the episode fails. */
  maxQueueBytes?: number;
  maxChunkBytes?: number;
  /** fsync after every chunk (in the background), so a power cut loses little more than a crash. */
  syncEachChunk?: boolean;
}

export type WriterState = 'recording' | 'closing' | 'closed' | 'failed';

export interface EpisodeWriterStats {
  state: WriterState;
  frames: number;
  durationS: number;
  /** Bytes in the file so far. */
  bytes: number;
  /** Messages waiting to be written. */
  queueDepth: number;
  queueBytes: number;
  chunks: number;
  /** Messages refused because the episode had failed or was closing, or could not be copied. */
  dropped: number;
}

export interface EpisodeSummary extends EpisodeStats {
  id: string;
  /** Where the file ended up: `<id>.mcap`, or `<id>.mcap.partial` if it could not be finished. */
  file: string;
  complete: boolean;
  error: string | null;
  metadata: EpisodeMetadata;
  start: string;
  end: string;
  outcome: Outcome | null;
  status: string;
  bytes: number;
}
