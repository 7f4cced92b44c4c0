import { normalizeRosType } from '../record/ros-schemas.ts';
import type { EpisodeReader } from '../record/episode-reader.ts';
import { FRAME_TOPIC } from '../record/frame.ts';
import { lastAtOrBefore } from './growable.ts';
import { TrackBuilder } from './track-builder.ts';

export { ACTION_WIDTH, DRIVER_CODES, POSE_WIDTH, TWIST_WIDTH } from './track-layout.ts';

/**
 * Messages handled between turns of the event loop. The reader parses a whole span of
 * chunks without awaiting real IO, and a long episode takes seconds: without these turns
 * the app's control loop and sockets would stall for a tenth of a second at a time.
 */
const YIELD_EVERY = 256;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface OdometryTrack {
  /** Episode seconds, ascending. */
  t: Float64Array;
  pose: Float64Array;
  twist: Float64Array;
}

/**
 * Everything a replay needs of an episode, in flat typed arrays: about 120 bytes per
 * control tick, so an hour (180,000 ticks) is about 25 MB, against 450 MB as frames.
 * Only the control loop's own ticks are frames here; events of the steps made between
 * ticks (on input or commands) are kept on the tick at or before them.
 */
export interface EpisodeTrack {
  durationS: number;
  /** Tick frame times, episode seconds, ascending. */
  frameTimes: Float64Array;
  /** Index into DRIVER_CODES per frame. */
  driver: Uint8Array;
  /** NaN where the frame had none. */
  doubt: Float64Array;
  /** ACTION_WIDTH values per frame; NaN for a null action. */
  operator: Float64Array;
  policy: Float64Array;
  published: Float64Array;
  /** Frame index -> the events of that frame (sparse). */
  events: Map<number, string[]>;
  odom: OdometryTrack;
  /** Times of the scan messages, ascending; `scanTopic` names their topic. */
  scanTimes: Float64Array;
  scanTopic: string | null;
  /** Frames that were not valid frames and were left out. */
  invalidFrames: number;
}

/**
 * Builds the track of an episode in one streaming pass over its messages. Reports the
 * fraction of the episode read so far, at most about a hundred times.
 */
export async function loadEpisodeTrack(reader: EpisodeReader, onProgress?: (fraction: number) => void): Promise<EpisodeTrack> {
  const durationS = reader.durationS;
  const channels = reader.channels();
  const odomTopic = pickTopic(channels, 'nav_msgs/msg/Odometry', '/odom');
  const scanTopic = pickTopic(channels, 'sensor_msgs/msg/LaserScan', '/scan');
  const builder = new TrackBuilder();
  let reported = 0;
  let handled = 0;
  for await (const m of reader.messages(null)) {
    if (++handled % YIELD_EVERY === 0) await yieldToLoop();
    if (m.topic === FRAME_TOPIC) builder.frame(m.t, m.msg);
    else if (m.topic === odomTopic) builder.odometry(m.t, m.msg);
    else if (m.topic === scanTopic) builder.scan(m.t);
    else continue;
    if (onProgress && durationS > 0 && m.t / durationS >= reported + 0.01) {
      reported = Math.min(1, m.t / durationS);
      onProgress(reported);
    }
  }
  const track = builder.finish(durationS, scanTopic);
  onProgress?.(1);
  return track;
}

/** The topic of a ROS type, preferring the conventional name when several carry it. */
function pickTopic(channels: ReadonlyArray<{ topic: string; schemaName: string }>, type: string, usual: string): string | null {
  const matching = channels.filter((c) => normalizeRosType(c.schemaName) === type).map((c) => c.topic);
  if (matching.includes(usual)) return usual;
  if (matching.length > 0) return matching[0]!;
  // A topic recorded schemaless still counts when it has the conventional name.
  return channels.some((c) => c.topic === usual) ? usual : null;
}

export function frameCount(track: EpisodeTrack): number {
  return track.frameTimes.length;
}

/** The frame shown at `t`: the last at or before it, clamped to the first and last; -1 for no frames. */
export function frameIndexAt(track: EpisodeTrack, t: number): number {
  const n = track.frameTimes.length;
  if (n === 0) return -1;
  return Math.min(n - 1, Math.max(0, lastAtOrBefore(track.frameTimes, t)));
}

/** The scan in effect at `t`: the last at or before it; -1 before the first scan. */
export function scanIndexAt(track: EpisodeTrack, t: number): number {
  return lastAtOrBefore(track.scanTimes, t);
}

export { viewFrameAt } from './view-frame.ts';
