import type { EpisodeReader } from '../record/episode-reader.ts';
import { parseLaserScan, type ScanView } from '../ros/messages.ts';
import { scanIndexAt, type EpisodeTrack } from './episode-track.ts';

/** Parsed scans kept: stepping back and forth over a few frames reads no chunk twice. */
const KEEP = 8;
/** Half a microsecond: a scan is fetched by its own log time, which went through seconds and back. */
const EPS_S = 5e-7;

/** What replay sends for "no scan yet": it draws nothing and replaces the scan shown before. */
export const NO_SCAN: ScanView = Object.freeze({ angleMin: 0, angleIncrement: 0, rangeMin: 0, rangeMax: 0, ranges: [] });

/**
 * The scan in effect at a replay position, read through the episode reader (its chunk
 * cache). Returns null when the scan is the one the last call returned, so the caller
 * sends a scan only when it changed; NO_SCAN before the first scan of the episode.
 */
export class ScanCursor {
  /** Index of the scan last returned; -2 for none yet. */
  private shown = -2;
  private readonly parsed = new Map<number, ScanView>();

  constructor(private readonly reader: EpisodeReader, private readonly track: EpisodeTrack) {}

  async scanAt(t: number): Promise<ScanView | null> {
    const i = scanIndexAt(this.track, t);
    if (i === this.shown) return null;
    // Claimed before the read, so an overlapping call for the same scan returns null.
    this.shown = i;
    if (i < 0) return NO_SCAN;
    try {
      return (await this.load(i)) ?? NO_SCAN;
    } catch (err) {
      if (this.shown === i) this.shown = -2;
      throw err;
    }
  }

  /** The next call returns the scan in effect even if it is unchanged (a new viewer joined). */
  reset(): void {
    this.shown = -2;
  }

  private async load(i: number): Promise<ScanView | null> {
    const hit = this.parsed.get(i);
    if (hit) {
      this.parsed.delete(i);
      this.parsed.set(i, hit);
      return hit;
    }
    const at = this.track.scanTimes[i]!;
    const topic = this.track.scanTopic;
    if (topic === null) return null;
    let scan: ScanView | null = null;
    for await (const m of this.reader.messages(topic, at - EPS_S, at + EPS_S)) scan = parseLaserScan(m.msg) ?? scan;
    if (scan) {
      this.parsed.set(i, scan);
      if (this.parsed.size > KEEP) this.parsed.delete(this.parsed.keys().next().value as number);
    }
    return scan;
  }
}
